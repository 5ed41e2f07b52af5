package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type updateSecretInput struct {
	SecretID           string  `json:"SecretId"`
	ClientRequestToken string  `json:"ClientRequestToken"`
	Description        *string `json:"Description"`
	KmsKeyID           *string `json:"KmsKeyId"`
	SecretBinary       []byte  `json:"SecretBinary"`
	SecretString       *string `json:"SecretString"`
	Type               *string `json:"Type"`
}

type updateSecretOutput struct {
	ARN       string `json:"ARN"`
	Name      string `json:"Name"`
	VersionID string `json:"VersionId,omitempty"`
}

func (h *handler) updateSecret(ctx context.Context, in *updateSecretInput) (*updateSecretOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	token(&v, in.ClientRequestToken)
	if in.Description != nil {
		v.Len("description", *in.Description, 0, 2048)
	}
	if in.KmsKeyID != nil {
		v.Len("kmsKeyId", *in.KmsKeyID, 0, 2048)
	}
	if in.Type != nil {
		v.Len("type", *in.Type, 0, 256)
	}
	value, err := content(&v, in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	res, err := h.secrets.Update(ctx, secrets.UpdateInput{
		ID: in.SecretID, Token: in.ClientRequestToken, Description: in.Description, KeyID: in.KmsKeyID,
		Type: in.Type, Value: value,
	})
	if err != nil {
		return nil, err
	}
	return &updateSecretOutput{ARN: res.ARN, Name: res.Name, VersionID: res.VersionID}, nil
}
