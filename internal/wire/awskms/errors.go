package awskms

import (
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// codes maps core error codes to KMS's error names; every one is a 400.
// EInvalid (ValidationException) and EDenied (AccessDeniedException) are
// awsjson's defaults.
var codes = map[arca.Code]string{
	arca.EKeyInvalid:  "NotFoundException",
	arca.ENotFound:    "NotFoundException",
	arca.EKeyDisabled: "DisabledException",
	arca.EExists:      "AlreadyExistsException",
	arca.EConflict:    "KMSInvalidStateException",
	arca.EDecrypt:     "InvalidCiphertextException",
	arca.EKeyMismatch: "IncorrectKeyException",
	arca.EBadPolicy:   "MalformedPolicyDocumentException",
	arca.ETagLimit:    "TagException",
	arca.ELimit:       "LimitExceededException",
	arca.EBadToken:    "InvalidMarkerException",
}

func mapError(err error) *awsjson.Fault {
	code := arca.ErrorCode(err)
	if name, ok := codes[code]; ok {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: name, Message: arca.ErrorMessage(err)}
	}
	switch code {
	case arca.EUnavailable:
		return &awsjson.Fault{Status: http.StatusServiceUnavailable, Code: "DependencyTimeoutException", Message: "The system timed out while trying to fulfill the request. You can retry the request."}
	case arca.EInvalid, arca.EDenied, arca.EUnauthenticated:
		return awsjson.Default(err)
	}
	return &awsjson.Fault{Status: http.StatusInternalServerError, Code: "KMSInternalException", Message: "An internal error occurred. Try again later."}
}

// fault returns a 400 with a KMS error name, for the rules the dialect
// itself enforces.
func fault(code, message string) *awsjson.Fault {
	return &awsjson.Fault{Status: http.StatusBadRequest, Code: code, Message: message}
}
