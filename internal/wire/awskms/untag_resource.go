package awskms

import (
	"context"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type untagResourceInput struct {
	KeyID   *string  `json:"KeyId"`
	TagKeys []string `json:"TagKeys"`
}

func (h *handler) untagResource(ctx context.Context, in *untagResourceInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Required("tagKeys", in.TagKeys != nil)
	for i, k := range in.TagKeys {
		v.Len("tagKeys."+strconv.Itoa(i+1)+".member", k, 1, 128)
	}
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.UntagKey(ctx, region(arca.CallerFrom(ctx)), ref, in.TagKeys)
}
