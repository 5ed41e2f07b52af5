package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type tagResourceInput struct {
	SecretID string `json:"SecretId"`
	Tags     []tag  `json:"Tags"`
}

func (h *handler) tagResource(ctx context.Context, in *tagResourceInput) (*struct{}, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("tags", in.Tags != nil)
	checkTags(&v, "tags", in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return nil, h.secrets.Tag(ctx, in.SecretID, fromTags(in.Tags))
}
