package server

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/secrets"
)

// referenceSource lets the parameter store read Secrets Manager secrets for
// its /aws/reference/secretsmanager/ names without depending on the secrets
// package. A selector is tried as a version id first (they are 32 to 64
// characters), then as a staging label.
func referenceSource(sec *secrets.Service) params.SecretSource {
	return func(ctx context.Context, id, selector string) (*params.ReferencedSecret, error) {
		// As in AWS, reading a secret through SSM needs
		// secretsmanager:GetSecretValue on the secret.
		if c := arca.CallerFrom(ctx); c != nil {
			cc := *c
			cc.Action = "secretsmanager:GetSecretValue"
			ctx = arca.WithCaller(ctx, &cc)
		}
		var v *secrets.SecretValue
		var err error
		if len(selector) >= 32 {
			v, err = sec.GetValue(ctx, id, selector, "")
		}
		if v == nil && (err == nil || arca.ErrorCode(err) == arca.EVersionNotFound) {
			v, err = sec.GetValue(ctx, id, "", selector)
		}
		if err != nil {
			return nil, err
		}
		return &params.ReferencedSecret{
			ARN: v.ARN, Name: v.Name, VersionID: v.VersionID, Stages: v.Stages,
			Created: v.Created, Value: v.Content.Data, Binary: v.Content.Binary,
		}, nil
	}
}
