package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

func (h *handler) cancelRotateSecret(ctx context.Context, in *secretIDInput) (*rotateSecretOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.CancelRotation(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &rotateSecretOutput{ARN: res.ARN, Name: res.Name, VersionID: res.VersionID}, nil
}
