package awskms

// White-box test (package awskms, not awskms_test): it reads the unexported
// codes table so that every row has a golden case, and a row added without
// one fails here.

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
	// One case per row of codes, then the codes that fall through to the
	// shared defaults or to the internal error.
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"key_invalid", arca.Errorf(arca.EKeyInvalid, "Key 'arn:aws:kms:us-east-1:000000000000:key/0b7e3a4c-1111-2222-3333-444455556666' does not exist"), 400, "NotFoundException"},
		{"not_found", arca.Errorf(arca.ENotFound, "Alias arn:aws:kms:us-east-1:000000000000:alias/x is not found."), 400, "NotFoundException"},
		{"key_disabled", arca.Errorf(arca.EKeyDisabled, "arn:aws:kms:us-east-1:000000000000:key/k is disabled."), 400, "DisabledException"},
		{"exists", arca.Errorf(arca.EExists, "An alias with the name arn:aws:kms:us-east-1:000000000000:alias/a already exists"), 400, "AlreadyExistsException"},
		{"conflict", arca.Errorf(arca.EConflict, "arn:aws:kms:us-east-1:000000000000:key/k is pending deletion."), 400, "KMSInvalidStateException"},
		{"decrypt", &arca.Error{Code: arca.EDecrypt, Message: "The ciphertext failed authentication.", Err: errors.New("gcm: secret detail")}, 400, "InvalidCiphertextException"},
		{"key_mismatch", arca.Errorf(arca.EKeyMismatch, "The key ID in the request does not identify a KMS key that can perform this operation."), 400, "IncorrectKeyException"},
		{"bad_policy", arca.Errorf(arca.EBadPolicy, "The key policy has no Statement."), 400, "MalformedPolicyDocumentException"},
		{"tag_limit", arca.Errorf(arca.ETagLimit, "A KMS key can have at most 50 tags."), 400, "TagException"},
		{"limit", arca.Errorf(arca.ELimit, "rotated on demand 25 times"), 400, "LimitExceededException"},
		{"bad_token", arca.Errorf(arca.EBadToken, "The marker is not valid."), 400, "InvalidMarkerException"},
		// Not in the table.
		{"invalid", arca.Errorf(arca.EInvalid, "Alias must start with the prefix \"alias/\"."), 400, "ValidationException"},
		{"denied", arca.Errorf(arca.EDenied, "User: arn:aws:iam::000000000000:root is not authorized to perform: kms:DisableKey"), 400, "AccessDeniedException"},
		{"unauthenticated", arca.Errorf(arca.EUnauthenticated, "no caller"), 400, "UnrecognizedClientException"},
		{"unavailable", &arca.Error{Code: arca.EUnavailable, Message: "store down", Err: errors.New("dial: secret detail")}, 503, "DependencyTimeoutException"},
		{"internal", arca.Internal(errors.New("disk on fire: secret detail")), 500, "KMSInternalException"},
		{"version_not_found", arca.Errorf(arca.EVersionNotFound, "unexpected here: secret detail"), 500, "KMSInternalException"},
		{"foreign", errors.New("plain error with secret detail"), 500, "KMSInternalException"},
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
