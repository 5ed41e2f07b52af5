package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listKeysInput struct {
	Limit  *int64  `json:"Limit"`
	Marker *string `json:"Marker"`
}

type keyListEntry struct {
	KeyID  string `json:"KeyId"`
	KeyArn string `json:"KeyArn"`
}

type listKeysOutput struct {
	Keys       []keyListEntry `json:"Keys"`
	NextMarker string         `json:"NextMarker,omitempty"`
	Truncated  bool           `json:"Truncated"`
}

func (h *handler) listKeys(ctx context.Context, in *listKeysInput) (*listKeysOutput, error) {
	var v awsjson.Validator
	n := limit(&v, in.Limit, 100)
	m := marker(&v, in.Marker)
	if err := v.Err(); err != nil {
		return nil, err
	}
	page, err := h.kms.List(ctx, region(arca.CallerFrom(ctx)), m, n)
	if err != nil {
		return nil, err
	}
	out := &listKeysOutput{Keys: []keyListEntry{}, NextMarker: page.Next, Truncated: page.Next != ""}
	for _, k := range page.Keys {
		out.Keys = append(out.Keys, keyListEntry{KeyID: k.ID, KeyArn: k.ARN()})
	}
	return out, nil
}
