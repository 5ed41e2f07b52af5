package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type secretIDInput struct {
	SecretID string `json:"SecretId"`
}

func (h *handler) restoreSecret(ctx context.Context, in *secretIDInput) (*refOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ref, err := h.secrets.Restore(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &refOutput{ARN: ref.ARN, Name: ref.Name}, nil
}
