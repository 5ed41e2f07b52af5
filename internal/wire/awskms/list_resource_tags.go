package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listResourceTagsInput struct {
	KeyID  *string `json:"KeyId"`
	Limit  *int64  `json:"Limit"`
	Marker *string `json:"Marker"`
}

type listResourceTagsOutput struct {
	Tags       []tagOut `json:"Tags"`
	NextMarker string   `json:"NextMarker,omitempty"`
	Truncated  bool     `json:"Truncated"`
}

func (h *handler) listResourceTags(ctx context.Context, in *listResourceTagsInput) (*listResourceTagsOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	n := limit(&v, in.Limit, 50)
	m := marker(&v, in.Marker)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	page, err := h.kms.Tags(ctx, region(arca.CallerFrom(ctx)), ref, m, n)
	if err != nil {
		return nil, err
	}
	out := &listResourceTagsOutput{Tags: []tagOut{}, NextMarker: page.Next, Truncated: page.Next != ""}
	for _, t := range page.Tags {
		out.Tags = append(out.Tags, tagOut{TagKey: t.Key, TagValue: t.Value})
	}
	return out, nil
}
