package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type updateSecretVersionStageInput struct {
	SecretID            string `json:"SecretId"`
	VersionStage        string `json:"VersionStage"`
	RemoveFromVersionID string `json:"RemoveFromVersionId"`
	MoveToVersionID     string `json:"MoveToVersionId"`
}

type refOutput struct {
	ARN  string `json:"ARN"`
	Name string `json:"Name"`
}

func (h *handler) updateSecretVersionStage(ctx context.Context, in *updateSecretVersionStageInput) (*refOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("versionStage", in.VersionStage != "")
	v.Len("versionStage", in.VersionStage, 0, 256)
	if in.RemoveFromVersionID != "" {
		v.Len("removeFromVersionId", in.RemoveFromVersionID, 32, 64)
	}
	if in.MoveToVersionID != "" {
		v.Len("moveToVersionId", in.MoveToVersionID, 32, 64)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ref, err := h.secrets.MoveStage(ctx, secrets.MoveStageInput{
		ID: in.SecretID, Stage: in.VersionStage, MoveTo: in.MoveToVersionID, RemoveFrom: in.RemoveFromVersionID,
	})
	if err != nil {
		return nil, err
	}
	return &refOutput{ARN: ref.ARN, Name: ref.Name}, nil
}
