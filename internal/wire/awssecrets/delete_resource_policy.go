package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

func (h *handler) deleteResourcePolicy(ctx context.Context, in *secretIDInput) (*refOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ref, err := h.secrets.DeletePolicy(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &refOutput{ARN: ref.ARN, Name: ref.Name}, nil
}
