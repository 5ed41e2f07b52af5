package awskms

// White-box test (package awskms, not awskms_test): it reads the unexported
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
		{Name: "key_invalid", Err: arca.Errorf(arca.EKeyInvalid, "Key 'arn:aws:kms:us-east-1:000000000000:key/0b7e3a4c-1111-2222-3333-444455556666' does not exist"), Status: 400, Code: "NotFoundException"},
		{Name: "not_found", Err: arca.Errorf(arca.ENotFound, "Alias arn:aws:kms:us-east-1:000000000000:alias/x is not found."), Status: 400, Code: "NotFoundException"},
		{Name: "key_disabled", Err: arca.Errorf(arca.EKeyDisabled, "arn:aws:kms:us-east-1:000000000000:key/k is disabled."), Status: 400, Code: "DisabledException"},
		{Name: "exists", Err: arca.Errorf(arca.EExists, "An alias with the name arn:aws:kms:us-east-1:000000000000:alias/a already exists"), Status: 400, Code: "AlreadyExistsException"},
		{Name: "conflict", Err: arca.Errorf(arca.EConflict, "arn:aws:kms:us-east-1:000000000000:key/k is pending deletion."), Status: 400, Code: "KMSInvalidStateException"},
		{Name: "decrypt", Err: &arca.Error{Code: arca.EDecrypt, Message: "The ciphertext failed authentication.", Err: errors.New("gcm: secret detail")}, Status: 400, Code: "InvalidCiphertextException"},
		{Name: "key_mismatch", Err: arca.Errorf(arca.EKeyMismatch, "The key ID in the request does not identify a KMS key that can perform this operation."), Status: 400, Code: "IncorrectKeyException"},
		{Name: "bad_policy", Err: arca.Errorf(arca.EBadPolicy, "The key policy has no Statement."), Status: 400, Code: "MalformedPolicyDocumentException"},
		{Name: "tag_limit", Err: arca.Errorf(arca.ETagLimit, "A KMS key can have at most 50 tags."), Status: 400, Code: "TagException"},
		{Name: "limit", Err: arca.Errorf(arca.ELimit, "rotated on demand 25 times"), Status: 400, Code: "LimitExceededException"},
		{Name: "bad_token", Err: arca.Errorf(arca.EBadToken, "The marker is not valid."), Status: 400, Code: "InvalidMarkerException"},
		// Not in the table.
		{Name: "invalid", Err: arca.Errorf(arca.EInvalid, "Alias must start with the prefix \"alias/\"."), Status: 400, Code: "ValidationException"},
		{Name: "denied", Err: arca.Errorf(arca.EDenied, "User: arn:aws:iam::000000000000:root is not authorized to perform: kms:DisableKey"), Status: 400, Code: "AccessDeniedException"},
		{Name: "unauthenticated", Err: arca.Errorf(arca.EUnauthenticated, "no caller"), Status: 400, Code: "UnrecognizedClientException"},
		{Name: "unavailable", Err: &arca.Error{Code: arca.EUnavailable, Message: "store down", Err: errors.New("dial: secret detail")}, Status: 503, Code: "DependencyTimeoutException"},
		{Name: "internal", Err: arca.Internal(errors.New("disk on fire: secret detail")), Status: 500, Code: "KMSInternalException"},
		{Name: "version_not_found", Err: arca.Errorf(arca.EVersionNotFound, "unexpected here: secret detail"), Status: 500, Code: "KMSInternalException"},
		{Name: "foreign", Err: errors.New("plain error with secret detail"), Status: 500, Code: "KMSInternalException"},
	}
	awsjsontest.GoldenErrors(t, New(nil, nil), codes, cases, *update)
}
