package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type putSecretValueInput struct {
	SecretID           string   `json:"SecretId"`
	ClientRequestToken string   `json:"ClientRequestToken"`
	SecretBinary       []byte   `json:"SecretBinary"`
	SecretString       *string  `json:"SecretString"`
	VersionStages      []string `json:"VersionStages"`
	RotationToken      string   `json:"RotationToken"`
}

type putSecretValueOutput struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionID     string   `json:"VersionId"`
	VersionStages []string `json:"VersionStages,omitempty"`
}

func (h *handler) putSecretValue(ctx context.Context, in *putSecretValueInput) (*putSecretValueOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	token(&v, in.ClientRequestToken)
	checkStages(&v, in.VersionStages)
	if in.RotationToken != "" {
		// Accepted and not used: it identifies cross-account rotation
		// callers, which arca does not have.
		v.SecretLen("rotationToken", len(in.RotationToken), 36, 256)
	}
	value, err := content(&v, in.SecretString, in.SecretBinary)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if value == nil {
		return nil, invalidRequest("You must provide either SecretString or SecretBinary.")
	}
	res, err := h.secrets.PutValue(ctx, secrets.PutInput{
		ID: in.SecretID, Token: in.ClientRequestToken, Value: *value, Stages: in.VersionStages,
	})
	if err != nil {
		return nil, err
	}
	return &putSecretValueOutput{ARN: res.ARN, Name: res.Name, VersionID: res.VersionID, VersionStages: res.Stages}, nil
}

// checkStages validates an optional VersionStages list.
func checkStages(v *awsjson.Validator, stages []string) {
	if stages == nil {
		return
	}
	v.Count("versionStages", len(stages), 1, 20)
	for _, s := range stages {
		v.Len("versionStages.member", s, 1, 256)
	}
}
