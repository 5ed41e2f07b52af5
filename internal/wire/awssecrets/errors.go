package awssecrets

import (
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// codes maps core error codes to Secrets Manager's error names; every one is
// a 400.
var codes = map[arca.Code]string{
	arca.ENotFound:        "ResourceNotFoundException",
	arca.EVersionNotFound: "ResourceNotFoundException",
	arca.EExists:          "ResourceExistsException",
	arca.EInvalid:         "InvalidParameterException",
	arca.EBadFilter:       "InvalidParameterException",
	arca.EBadFilterOption: "InvalidParameterException",
	arca.EBadFilterValue:  "InvalidParameterException",
	arca.ETagLimit:        "InvalidParameterException",
	arca.EBadToken:        "InvalidNextTokenException",
	arca.EConflict:        "InvalidRequestException",
	arca.ELimit:           "LimitExceededException",
	arca.EVersionLimit:    "LimitExceededException",
	arca.ELabelLimit:      "LimitExceededException",
	arca.EKeyInvalid:      "EncryptionFailure",
	arca.EKeyDisabled:     "EncryptionFailure",
	arca.EDecrypt:         "DecryptionFailure",
	arca.EKeyMismatch:     "DecryptionFailure",
	arca.EBadPolicy:       "MalformedPolicyDocumentException",
	arca.EPublicPolicy:    "PublicPolicyException",
	arca.EPrecondition:    "PreconditionNotMetException",
}

func mapError(err error) *awsjson.Fault {
	code := arca.ErrorCode(err)
	if name, ok := codes[code]; ok {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: name, Message: arca.ErrorMessage(err)}
	}
	if code == arca.EInternal {
		return &awsjson.Fault{Status: http.StatusInternalServerError, Code: "InternalServiceError", Message: "An internal error occurred. Try again later."}
	}
	return awsjson.Default(err)
}

// invalidParameter is a dialect-level refusal in Secrets Manager's own
// vocabulary (a rule of the wire shape, not of the secret).
func invalidParameter(msg string) error {
	return &awsjson.Fault{Status: http.StatusBadRequest, Code: "InvalidParameterException", Message: msg}
}

// invalidRequest is a dialect-level InvalidRequestException.
func invalidRequest(msg string) error {
	return &awsjson.Fault{Status: http.StatusBadRequest, Code: "InvalidRequestException", Message: msg}
}
