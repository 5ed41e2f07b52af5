package awssecrets

// White-box test (package awssecrets, not awssecrets_test): it reads the
// unexported codes table so that every row has a golden case, and a row
// added without one fails here.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
)

var update = flag.Bool("update", false, "rewrite testdata/errors.golden")

func TestMapError_Golden(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"not_found", arca.Errorf(arca.ENotFound, "Secrets Manager can't find the specified secret."), 400, "ResourceNotFoundException"},
		{"version_not_found", arca.Errorf(arca.EVersionNotFound, "Secrets Manager can't find the specified secret value for staging label: AWSPENDING"), 400, "ResourceNotFoundException"},
		{"exists", arca.Errorf(arca.EExists, "The operation failed because the secret a already exists."), 400, "ResourceExistsException"},
		{"invalid", arca.Errorf(arca.EInvalid, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."), 400, "InvalidParameterException"},
		{"bad_filter", arca.Errorf(arca.EBadFilter, "Invalid filter key."), 400, "InvalidParameterException"},
		{"bad_filter_option", arca.Errorf(arca.EBadFilterOption, "Invalid filter option."), 400, "InvalidParameterException"},
		{"bad_filter_value", arca.Errorf(arca.EBadFilterValue, "The filter name needs at least one value."), 400, "InvalidParameterException"},
		{"tag_limit", arca.Errorf(arca.ETagLimit, "A secret can have at most 50 tags."), 400, "InvalidParameterException"},
		{"bad_token", arca.Errorf(arca.EBadToken, "The NextToken value is not valid."), 400, "InvalidNextTokenException"},
		{"conflict", arca.Errorf(arca.EConflict, "You can't perform this operation on the secret because it was marked for deletion."), 400, "InvalidRequestException"},
		{"limit", arca.Errorf(arca.ELimit, "too many versions"), 400, "LimitExceededException"},
		{"version_limit", arca.Errorf(arca.EVersionLimit, "too many versions"), 400, "LimitExceededException"},
		{"label_limit", arca.Errorf(arca.ELabelLimit, "too many staging labels"), 400, "LimitExceededException"},
		{"key_invalid", arca.Errorf(arca.EKeyInvalid, "Key 'alias/x' does not exist"), 400, "EncryptionFailure"},
		{"key_disabled", arca.Errorf(arca.EKeyDisabled, "key is disabled."), 400, "EncryptionFailure"},
		{"decrypt", &arca.Error{Code: arca.EDecrypt, Message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.", Err: errors.New("gcm: secret detail")}, 400, "DecryptionFailure"},
		{"key_mismatch", arca.Errorf(arca.EKeyMismatch, "sealed under another key"), 400, "DecryptionFailure"},
		{"bad_policy", arca.Errorf(arca.EBadPolicy, "The policy document is not a valid JSON object."), 400, "MalformedPolicyDocumentException"},
		{"public_policy", arca.Errorf(arca.EPublicPolicy, "This resource policy will grant public access to the secret."), 400, "PublicPolicyException"},
		{"precondition", arca.Errorf(arca.EPrecondition, "complete or cancel the rotation first."), 400, "PreconditionNotMetException"},
		// Not in the table.
		{"unauthenticated", arca.Errorf(arca.EUnauthenticated, "no caller"), 400, "UnrecognizedClientException"},
		{"denied", arca.Errorf(arca.EDenied, "not allowed"), 400, "AccessDeniedException"},
		{"unavailable", arca.Errorf(arca.EUnavailable, "store down"), 503, "ServiceUnavailable"},
		{"internal", arca.Internal(errors.New("disk on fire: secret detail")), 500, "InternalServiceError"},
		{"foreign", errors.New("plain error with secret detail"), 500, "InternalServiceError"},
	}
	covered := map[arca.Code]bool{}
	for _, tc := range cases {
		covered[arca.ErrorCode(tc.err)] = true
	}
	for code := range codes {
		if !covered[code] {
			t.Errorf("codes maps %q but no golden case covers it", code)
		}
	}

	svc := New(nil, nil)
	var golden bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := mapError(tc.err)
			if f.Status != tc.status || f.Code != tc.code {
				t.Fatalf("mapError = %d %s, want %d %s", f.Status, f.Code, tc.status, tc.code)
			}
			rec := httptest.NewRecorder()
			svc.WriteError(context.Background(), rec, tc.err)
			body := rec.Body.String()
			if rec.Code != tc.status || rec.Header().Get("X-Amzn-ErrorType") != tc.code {
				t.Fatalf("written %d %q", rec.Code, rec.Header().Get("X-Amzn-ErrorType"))
			}
			if strings.Contains(body, "secret detail") {
				t.Fatalf("the cause leaked to the client: %s", body)
			}
			fmt.Fprintf(&golden, "%s %d %s %s\n", tc.name, rec.Code, rec.Header().Get("Content-Type"), body)
		})
	}

	path := filepath.Join("testdata", "errors.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestMapError_Golden -update)", err)
	}
	if !bytes.Equal(golden.Bytes(), want) {
		t.Errorf("error envelopes differ from %s (rerun with -update if intended):\ngot:\n%s\nwant:\n%s", path, golden.Bytes(), want)
	}
}
