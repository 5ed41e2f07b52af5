package awskms

import (
	"log/slog"
	"net/http"

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
			"CreateAlias": awsjson.Handler(h.createAlias),
			"CreateKey":   awsjson.Handler(h.createKey),
			"DescribeKey": awsjson.Handler(h.describeKey),
			"DisableKey":  awsjson.Handler(h.disableKey),
			"EnableKey":   awsjson.Handler(h.enableKey),
			"ListAliases": awsjson.Handler(h.listAliases),
		},
	}
}

type handler struct {
	kms *kms.Service
}

var codes = map[arca.Code]string{
	arca.EKeyInvalid:  "NotFoundException",
	arca.ENotFound:    "NotFoundException",
	arca.EKeyDisabled: "DisabledException",
	arca.EExists:      "AlreadyExistsException",
	arca.EConflict:    "KMSInvalidStateException",
}

func mapError(err error) *awsjson.Fault {
	if name, ok := codes[arca.ErrorCode(err)]; ok {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: name, Message: arca.ErrorMessage(err)}
	}
	if arca.ErrorCode(err) == arca.EInternal {
		return &awsjson.Fault{Status: http.StatusInternalServerError, Code: "KMSInternalException", Message: "An internal error occurred. Try again later."}
	}
	return awsjson.Default(err)
}

// region returns the caller's region; the server guarantees a caller.
func region(c *arca.Caller) string { return c.Region }
