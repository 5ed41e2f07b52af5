package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type tagResourceInput struct {
	KeyID *string `json:"KeyId"`
	Tags  []tag   `json:"Tags"`
}

func (h *handler) tagResource(ctx context.Context, in *tagResourceInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Required("tags", in.Tags != nil)
	checkTags(&v, in.Tags)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	tags, err := fromTags(in.Tags)
	if err != nil {
		return nil, err
	}
	return &empty{}, h.kms.TagKey(ctx, region(arca.CallerFrom(ctx)), ref, tags)
}
