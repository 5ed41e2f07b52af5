package awsssm

// White-box test (package awsssm, not awsssm_test): it reads the unexported
// codes table so that every row has a golden case, and a row added without
// one fails here.

import (
	"errors"
	"flag"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson/awsjsontest"
)

var update = flag.Bool("update", false, "rewrite testdata/errors.golden")

func TestMapError_Golden(t *testing.T) {
	// One case per row of codes, then the codes that fall through to the
	// shared defaults or to the internal error.
	cases := []awsjsontest.ErrorCase{
		{Name: "not_found", Err: arca.Errorf(arca.ENotFound, "Parameter /a not found."), Status: 400, Code: "ParameterNotFound"},
		{Name: "version_not_found", Err: arca.Errorf(arca.EVersionNotFound, "no version 3"), Status: 400, Code: "ParameterVersionNotFound"},
		{Name: "exists", Err: arca.Errorf(arca.EExists, "The parameter already exists."), Status: 400, Code: "ParameterAlreadyExists"},
		{Name: "limit", Err: arca.Errorf(arca.ELimit, "A hierarchy can have a maximum of 15 levels."), Status: 400, Code: "HierarchyLevelLimitExceededException"},
		{Name: "version_limit", Err: arca.Errorf(arca.EVersionLimit, "oldest version is labelled"), Status: 400, Code: "ParameterMaxVersionLimitExceeded"},
		{Name: "label_limit", Err: arca.Errorf(arca.ELabelLimit, "at most 10 labels"), Status: 400, Code: "ParameterVersionLabelLimitExceeded"},
		{Name: "tag_limit", Err: arca.Errorf(arca.ETagLimit, "at most 50 tags"), Status: 400, Code: "TooManyTagsError"},
		{Name: "pattern_mismatch", Err: arca.Errorf(arca.EPattern, "value does not match"), Status: 400, Code: "ParameterPatternMismatchException"},
		{Name: "bad_pattern", Err: arca.Errorf(arca.EBadPattern, "not a regular expression"), Status: 400, Code: "InvalidAllowedPatternException"},
		{Name: "key_invalid", Err: arca.Errorf(arca.EKeyInvalid, "Key 'alias/x' does not exist"), Status: 400, Code: "InvalidKeyId"},
		{Name: "key_disabled", Err: arca.Errorf(arca.EKeyDisabled, "key is disabled."), Status: 400, Code: "InvalidKeyId"},
		{Name: "bad_token", Err: arca.Errorf(arca.EBadToken, "The specified token isn't valid."), Status: 400, Code: "InvalidNextToken"},
		{Name: "bad_filter", Err: arca.Errorf(arca.EBadFilter, "bad key"), Status: 400, Code: "InvalidFilterKey"},
		{Name: "bad_filter_option", Err: arca.Errorf(arca.EBadFilterOption, "bad option"), Status: 400, Code: "InvalidFilterOption"},
		{Name: "bad_filter_value", Err: arca.Errorf(arca.EBadFilterValue, "bad value"), Status: 400, Code: "InvalidFilterValue"},
		// Not in the table.
		{Name: "invalid", Err: arca.Errorf(arca.EInvalid, "Parameter name must not be empty."), Status: 400, Code: "ValidationException"},
		{Name: "unauthenticated", Err: arca.Errorf(arca.EUnauthenticated, "no caller"), Status: 400, Code: "UnrecognizedClientException"},
		{Name: "denied", Err: arca.Errorf(arca.EDenied, "not allowed"), Status: 400, Code: "AccessDeniedException"},
		{Name: "unavailable", Err: arca.Errorf(arca.EUnavailable, "store down"), Status: 503, Code: "ServiceUnavailable"},
		{Name: "decrypt", Err: &arca.Error{Code: arca.EDecrypt, Message: "stored ciphertext failed authentication", Err: errors.New("gcm: secret detail")}, Status: 500, Code: "InternalServerError"},
		{Name: "internal", Err: arca.Internal(errors.New("disk on fire: secret detail")), Status: 500, Code: "InternalServerError"},
		{Name: "foreign", Err: errors.New("plain error with secret detail"), Status: 500, Code: "InternalServerError"},
	}
	awsjsontest.GoldenErrors(t, New(nil, nil), codes, cases, *update)
}
