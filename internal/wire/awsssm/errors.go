package awsssm

import (
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// codes maps core error codes to SSM's error names; every one is a 400.
var codes = map[arca.Code]string{
	arca.ENotFound:        "ParameterNotFound",
	arca.EVersionNotFound: "ParameterVersionNotFound",
	arca.EExists:          "ParameterAlreadyExists",
	arca.ELimit:           "HierarchyLevelLimitExceededException",
	arca.EVersionLimit:    "ParameterMaxVersionLimitExceeded",
	arca.ELabelLimit:      "ParameterVersionLabelLimitExceeded",
	arca.ETagLimit:        "TooManyTagsError",
	arca.EPattern:         "ParameterPatternMismatchException",
	arca.EBadPattern:      "InvalidAllowedPatternException",
	arca.EKeyInvalid:      "InvalidKeyId",
	arca.EKeyDisabled:     "InvalidKeyId",
	arca.EBadToken:        "InvalidNextToken",
	arca.EBadFilter:       "InvalidFilterKey",
	arca.EBadFilterOption: "InvalidFilterOption",
	arca.EBadFilterValue:  "InvalidFilterValue",
}

func mapError(err error) *awsjson.Fault {
	code := arca.ErrorCode(err)
	if name, ok := codes[code]; ok {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: name, Message: arca.ErrorMessage(err)}
	}
	if code == arca.EInternal || code == arca.EDecrypt {
		return &awsjson.Fault{Status: http.StatusInternalServerError, Code: "InternalServerError", Message: "An internal error occurred. Try again later."}
	}
	return awsjson.Default(err)
}
