package awssts

import (
	"errors"
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// codes maps core error codes to STS's error codes and HTTP statuses.
var codes = map[arca.Code]awsquery.Fault{
	arca.EInvalid:         {Status: http.StatusBadRequest, Code: "ValidationError"},
	arca.EBadPolicy:       {Status: http.StatusBadRequest, Code: "MalformedPolicyDocument"},
	arca.ELimit:           {Status: http.StatusBadRequest, Code: "PackedPolicyTooLarge"},
	arca.EDenied:          {Status: http.StatusForbidden, Code: "AccessDenied"},
	arca.EUnauthenticated: {Status: http.StatusForbidden, Code: "InvalidClientTokenId"},
}

func mapError(err error) *awsquery.Fault {
	if errors.Is(err, identity.ErrExpiredToken) {
		return &awsquery.Fault{Status: http.StatusBadRequest, Code: "ExpiredToken", Message: arca.ErrorMessage(err)}
	}
	if f, ok := codes[arca.ErrorCode(err)]; ok {
		f.Message = arca.ErrorMessage(err)
		return &f
	}
	return awsquery.Default(err)
}
