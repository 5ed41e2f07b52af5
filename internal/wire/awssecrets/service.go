package awssecrets

import (
	"log/slog"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// New returns the Secrets Manager dialect over the secret store.
func New(s *secrets.Service, log *slog.Logger) *awsjson.Service {
	h := &handler{secrets: s}
	return &awsjson.Service{
		SigningName:  "secretsmanager",
		TargetPrefix: "secretsmanager",
		ContentType:  "application/x-amz-json-1.1",
		Errors:       mapError,
		Log:          log,
		Ops: map[string]awsjson.Op{
			"BatchGetSecretValue":          awsjson.Handler(h.batchGetSecretValue),
			"CancelRotateSecret":           awsjson.Handler(h.cancelRotateSecret),
			"CreateSecret":                 awsjson.Handler(h.createSecret),
			"DeleteResourcePolicy":         awsjson.Handler(h.deleteResourcePolicy),
			"DeleteSecret":                 awsjson.Handler(h.deleteSecret),
			"DescribeSecret":               awsjson.Handler(h.describeSecret),
			"GetRandomPassword":            awsjson.Handler(h.getRandomPassword),
			"GetResourcePolicy":            awsjson.Handler(h.getResourcePolicy),
			"GetSecretValue":               awsjson.Handler(h.getSecretValue),
			"ListSecretVersionIds":         awsjson.Handler(h.listSecretVersionIds),
			"ListSecrets":                  awsjson.Handler(h.listSecrets),
			"PutResourcePolicy":            awsjson.Handler(h.putResourcePolicy),
			"PutSecretValue":               awsjson.Handler(h.putSecretValue),
			"RemoveRegionsFromReplication": awsjson.Handler(h.removeRegionsFromReplication),
			"ReplicateSecretToRegions":     awsjson.Handler(h.replicateSecretToRegions),
			"RestoreSecret":                awsjson.Handler(h.restoreSecret),
			"RotateSecret":                 awsjson.Handler(h.rotateSecret),
			"StopReplicationToReplica":     awsjson.Handler(h.stopReplicationToReplica),
			"TagResource":                  awsjson.Handler(h.tagResource),
			"UntagResource":                awsjson.Handler(h.untagResource),
			"UpdateSecret":                 awsjson.Handler(h.updateSecret),
			"UpdateSecretVersionStage":     awsjson.Handler(h.updateSecretVersionStage),
			"ValidateResourcePolicy":       awsjson.Handler(h.validateResourcePolicy),
		},
	}
}

type handler struct {
	secrets *secrets.Service
}
