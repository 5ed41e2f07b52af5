package awskms

import (
	"log/slog"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// New returns the KMS dialect over the key service.
func New(k *kms.Service, log *slog.Logger) *awsjson.Service {
	h := &handler{kms: k}
	return &awsjson.Service{
		SigningName:  "kms",
		TargetPrefix: "TrentService",
		ContentType:  "application/x-amz-json-1.1",
		Errors:       mapError,
		Log:          log,
		Ops: map[string]awsjson.Op{
			"CancelKeyDeletion":               awsjson.Handler(h.cancelKeyDeletion),
			"CreateAlias":                     awsjson.Handler(h.createAlias),
			"CreateKey":                       awsjson.Handler(h.createKey),
			"Decrypt":                         awsjson.Handler(h.decrypt),
			"DeleteAlias":                     awsjson.Handler(h.deleteAlias),
			"DescribeKey":                     awsjson.Handler(h.describeKey),
			"DisableKey":                      awsjson.Handler(h.disableKey),
			"DisableKeyRotation":              awsjson.Handler(h.disableKeyRotation),
			"EnableKey":                       awsjson.Handler(h.enableKey),
			"EnableKeyRotation":               awsjson.Handler(h.enableKeyRotation),
			"Encrypt":                         awsjson.Handler(h.encrypt),
			"GenerateDataKey":                 awsjson.Handler(h.generateDataKey),
			"GenerateDataKeyWithoutPlaintext": awsjson.Handler(h.generateDataKeyWithoutPlaintext),
			"GenerateRandom":                  awsjson.Handler(h.generateRandom),
			"GetKeyPolicy":                    awsjson.Handler(h.getKeyPolicy),
			"GetKeyRotationStatus":            awsjson.Handler(h.getKeyRotationStatus),
			"ListAliases":                     awsjson.Handler(h.listAliases),
			"ListKeyRotations":                awsjson.Handler(h.listKeyRotations),
			"ListKeys":                        awsjson.Handler(h.listKeys),
			"ListResourceTags":                awsjson.Handler(h.listResourceTags),
			"PutKeyPolicy":                    awsjson.Handler(h.putKeyPolicy),
			"ReEncrypt":                       awsjson.Handler(h.reEncrypt),
			"RotateKeyOnDemand":               awsjson.Handler(h.rotateKeyOnDemand),
			"ScheduleKeyDeletion":             awsjson.Handler(h.scheduleKeyDeletion),
			"TagResource":                     awsjson.Handler(h.tagResource),
			"UntagResource":                   awsjson.Handler(h.untagResource),
			"UpdateAlias":                     awsjson.Handler(h.updateAlias),
		},
	}
}

type handler struct {
	kms *kms.Service
}

// empty is the output of operations that return nothing.
type empty struct{}

// region returns the caller's region; the server guarantees a caller.
func region(c *arca.Caller) string { return c.Region }
