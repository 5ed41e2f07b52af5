package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type rotateSecretInput struct {
	SecretID                       string                 `json:"SecretId"`
	ClientRequestToken             string                 `json:"ClientRequestToken"`
	RotationLambdaARN              string                 `json:"RotationLambdaARN"`
	RotationRules                  *rotationRules         `json:"RotationRules"`
	RotateImmediately              *bool                  `json:"RotateImmediately"`
	ExternalSecretRotationMetadata []externalMetadataItem `json:"ExternalSecretRotationMetadata"`
	ExternalSecretRotationRoleArn  string                 `json:"ExternalSecretRotationRoleArn"`
}

// externalMetadataItem is an ExternalSecretRotationMetadata item (managed external
// secrets: not supported, see docs/dialects/secretsmanager.md).
type externalMetadataItem struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type rotateSecretOutput struct {
	ARN       string `json:"ARN"`
	Name      string `json:"Name"`
	VersionID string `json:"VersionId,omitempty"`
}

func (h *handler) rotateSecret(ctx context.Context, in *rotateSecretInput) (*rotateSecretOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	token(&v, in.ClientRequestToken)
	v.Len("rotationLambdaARN", in.RotationLambdaARN, 0, 2048)
	checkRules(&v, in.RotationRules)
	if in.ExternalSecretRotationRoleArn != "" {
		v.Len("externalSecretRotationRoleArn", in.ExternalSecretRotationRoleArn, 20, 2048)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(in.ExternalSecretRotationMetadata) > 0 || in.ExternalSecretRotationRoleArn != "" {
		return nil, invalidParameter("Managed external secrets are not supported: rotate with a rotation function (RotationLambdaARN).")
	}
	res, err := h.secrets.Rotate(ctx, secrets.RotateInput{
		ID: in.SecretID, Token: in.ClientRequestToken, LambdaARN: in.RotationLambdaARN,
		Rules: fromRules(in.RotationRules), RotateImmediately: in.RotateImmediately,
	})
	if err != nil {
		return nil, err
	}
	return &rotateSecretOutput{ARN: res.ARN, Name: res.Name, VersionID: res.VersionID}, nil
}
