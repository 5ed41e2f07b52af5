package awssecrets

// White-box test (package awssecrets, not awssecrets_test): it reads the
// unexported codes table so that every row has a golden case, and a row
// added without one fails here.

import (
	"errors"
	"flag"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson/awsjsontest"
)

var update = flag.Bool("update", false, "rewrite testdata/errors.golden")

func TestMapError_Golden(t *testing.T) {
	cases := []awsjsontest.ErrorCase{
		{Name: "not_found", Err: arca.Errorf(arca.ENotFound, "Secrets Manager can't find the specified secret."), Status: 400, Code: "ResourceNotFoundException"},
		{Name: "version_not_found", Err: arca.Errorf(arca.EVersionNotFound, "Secrets Manager can't find the specified secret value for staging label: AWSPENDING"), Status: 400, Code: "ResourceNotFoundException"},
		{Name: "exists", Err: arca.Errorf(arca.EExists, "The operation failed because the secret a already exists."), Status: 400, Code: "ResourceExistsException"},
		{Name: "invalid", Err: arca.Errorf(arca.EInvalid, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."), Status: 400, Code: "InvalidParameterException"},
		{Name: "bad_filter", Err: arca.Errorf(arca.EBadFilter, "Invalid filter key."), Status: 400, Code: "InvalidParameterException"},
		{Name: "bad_filter_option", Err: arca.Errorf(arca.EBadFilterOption, "Invalid filter option."), Status: 400, Code: "InvalidParameterException"},
		{Name: "bad_filter_value", Err: arca.Errorf(arca.EBadFilterValue, "The filter name needs at least one value."), Status: 400, Code: "InvalidParameterException"},
		{Name: "tag_limit", Err: arca.Errorf(arca.ETagLimit, "A secret can have at most 50 tags."), Status: 400, Code: "InvalidParameterException"},
		{Name: "bad_token", Err: arca.Errorf(arca.EBadToken, "The NextToken value is not valid."), Status: 400, Code: "InvalidNextTokenException"},
		{Name: "conflict", Err: arca.Errorf(arca.EConflict, "You can't perform this operation on the secret because it was marked for deletion."), Status: 400, Code: "InvalidRequestException"},
		{Name: "limit", Err: arca.Errorf(arca.ELimit, "too many versions"), Status: 400, Code: "LimitExceededException"},
		{Name: "version_limit", Err: arca.Errorf(arca.EVersionLimit, "too many versions"), Status: 400, Code: "LimitExceededException"},
		{Name: "label_limit", Err: arca.Errorf(arca.ELabelLimit, "too many staging labels"), Status: 400, Code: "LimitExceededException"},
		{Name: "key_invalid", Err: arca.Errorf(arca.EKeyInvalid, "Key 'alias/x' does not exist"), Status: 400, Code: "EncryptionFailure"},
		{Name: "key_disabled", Err: arca.Errorf(arca.EKeyDisabled, "key is disabled."), Status: 400, Code: "EncryptionFailure"},
		{Name: "decrypt", Err: &arca.Error{Code: arca.EDecrypt, Message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.", Err: errors.New("gcm: secret detail")}, Status: 400, Code: "DecryptionFailure"},
		{Name: "key_mismatch", Err: arca.Errorf(arca.EKeyMismatch, "sealed under another key"), Status: 400, Code: "DecryptionFailure"},
		{Name: "bad_policy", Err: arca.Errorf(arca.EBadPolicy, "The policy document is not a valid JSON object."), Status: 400, Code: "MalformedPolicyDocumentException"},
		{Name: "public_policy", Err: arca.Errorf(arca.EPublicPolicy, "This resource policy will grant public access to the secret."), Status: 400, Code: "PublicPolicyException"},
		{Name: "precondition", Err: arca.Errorf(arca.EPrecondition, "complete or cancel the rotation first."), Status: 400, Code: "PreconditionNotMetException"},
		// Not in the table.
		{Name: "unauthenticated", Err: arca.Errorf(arca.EUnauthenticated, "no caller"), Status: 400, Code: "UnrecognizedClientException"},
		{Name: "denied", Err: arca.Errorf(arca.EDenied, "not allowed"), Status: 400, Code: "AccessDeniedException"},
		{Name: "unavailable", Err: arca.Errorf(arca.EUnavailable, "store down"), Status: 503, Code: "ServiceUnavailable"},
		{Name: "internal", Err: arca.Internal(errors.New("disk on fire: secret detail")), Status: 500, Code: "InternalServiceError"},
		{Name: "foreign", Err: errors.New("plain error with secret detail"), Status: 500, Code: "InternalServiceError"},
	}
	awsjsontest.GoldenErrors(t, New(nil, nil), codes, cases, *update)
}
