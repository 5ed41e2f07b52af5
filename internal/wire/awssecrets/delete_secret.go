package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type deleteSecretInput struct {
	SecretID                   string `json:"SecretId"`
	RecoveryWindowInDays       *int64 `json:"RecoveryWindowInDays"`
	ForceDeleteWithoutRecovery bool   `json:"ForceDeleteWithoutRecovery"`
}

type deleteSecretOutput struct {
	ARN          string        `json:"ARN,omitempty"`
	Name         string        `json:"Name"`
	DeletionDate *awsjson.Time `json:"DeletionDate,omitempty"`
}

func (h *handler) deleteSecret(ctx context.Context, in *deleteSecretInput) (*deleteSecretOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.Delete(ctx, secrets.DeleteInput{
		ID: in.SecretID, RecoveryDays: in.RecoveryWindowInDays, Force: in.ForceDeleteWithoutRecovery,
	})
	if err != nil {
		return nil, err
	}
	return &deleteSecretOutput{ARN: res.ARN, Name: res.Name, DeletionDate: awsjson.TimePtr(res.DeletionDate)}, nil
}
