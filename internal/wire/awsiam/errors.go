package awsiam

import (
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// codes maps core error codes to IAM's error codes and HTTP statuses (as
// the IAM model gives them).
var codes = map[arca.Code]awsquery.Fault{
	arca.ENotFound:        {Status: http.StatusNotFound, Code: "NoSuchEntity"},
	arca.EVersionNotFound: {Status: http.StatusNotFound, Code: "NoSuchEntity"},
	arca.EExists:          {Status: http.StatusConflict, Code: "EntityAlreadyExists"},
	arca.EConflict:        {Status: http.StatusConflict, Code: "DeleteConflict"},
	arca.ELimit:           {Status: http.StatusConflict, Code: "LimitExceeded"},
	arca.ETagLimit:        {Status: http.StatusConflict, Code: "LimitExceeded"},
	arca.EBadPolicy:       {Status: http.StatusBadRequest, Code: "MalformedPolicyDocument"},
	arca.EBadToken:        {Status: http.StatusBadRequest, Code: "InvalidInput"},
	arca.EInvalid:         {Status: http.StatusBadRequest, Code: "InvalidInput"},
	arca.EDenied:          {Status: http.StatusForbidden, Code: "AccessDenied"},
}

func mapError(err error) *awsquery.Fault {
	if f, ok := codes[arca.ErrorCode(err)]; ok {
		f.Message = arca.ErrorMessage(err)
		return &f
	}
	if arca.ErrorCode(err) == arca.EInternal {
		return &awsquery.Fault{Status: http.StatusInternalServerError, Code: "ServiceFailure", Message: "An internal error occurred. Try again later."}
	}
	return awsquery.Default(err)
}
