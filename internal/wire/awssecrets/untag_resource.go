package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type untagResourceInput struct {
	SecretID string   `json:"SecretId"`
	TagKeys  []string `json:"TagKeys"`
}

func (h *handler) untagResource(ctx context.Context, in *untagResourceInput) (*struct{}, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("tagKeys", in.TagKeys != nil)
	for _, k := range in.TagKeys {
		v.Len("tagKeys.member", k, 1, 128)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return nil, h.secrets.Untag(ctx, in.SecretID, in.TagKeys)
}
