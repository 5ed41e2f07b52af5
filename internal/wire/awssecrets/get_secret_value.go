package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getSecretValueInput struct {
	SecretID     string `json:"SecretId"`
	VersionID    string `json:"VersionId"`
	VersionStage string `json:"VersionStage"`
}

// secretValue is GetSecretValueResponse and BatchGetSecretValue's
// SecretValueEntry. It is the one place a value is revealed.
type secretValue struct {
	ARN           string        `json:"ARN"`
	Name          string        `json:"Name"`
	VersionID     string        `json:"VersionId"`
	SecretBinary  []byte        `json:"SecretBinary,omitempty"`
	SecretString  *string       `json:"SecretString,omitempty"`
	VersionStages []string      `json:"VersionStages,omitempty"`
	CreatedDate   *awsjson.Time `json:"CreatedDate,omitempty"`
}

func (h *handler) getSecretValue(ctx context.Context, in *getSecretValueInput) (*secretValue, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if in.VersionID != "" {
		v.Len("versionId", in.VersionID, 32, 64)
	}
	if in.VersionStage != "" {
		v.Len("versionStage", in.VersionStage, 1, 256)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sv, err := h.secrets.GetValue(ctx, in.SecretID, in.VersionID, in.VersionStage)
	if err != nil {
		return nil, err
	}
	return toSecretValue(sv), nil
}

func toSecretValue(sv *secrets.SecretValue) *secretValue {
	out := &secretValue{
		ARN: sv.ARN, Name: sv.Name, VersionID: sv.VersionID, VersionStages: sv.Stages,
		CreatedDate: awsjson.TimePtr(sv.Created),
	}
	if sv.Content.Binary {
		out.SecretBinary = []byte(sv.Content.Data)
	} else {
		s := sv.Content.Data.Reveal()
		out.SecretString = &s
	}
	return out
}
