package awsssm

// White-box test (package awsssm, not awsssm_test): it reads the unexported
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
		{"not_found", arca.Errorf(arca.ENotFound, "Parameter /a not found."), 400, "ParameterNotFound"},
		{"version_not_found", arca.Errorf(arca.EVersionNotFound, "no version 3"), 400, "ParameterVersionNotFound"},
		{"exists", arca.Errorf(arca.EExists, "The parameter already exists."), 400, "ParameterAlreadyExists"},
		{"limit", arca.Errorf(arca.ELimit, "A hierarchy can have a maximum of 15 levels."), 400, "HierarchyLevelLimitExceededException"},
		{"version_limit", arca.Errorf(arca.EVersionLimit, "oldest version is labelled"), 400, "ParameterMaxVersionLimitExceeded"},
		{"label_limit", arca.Errorf(arca.ELabelLimit, "at most 10 labels"), 400, "ParameterVersionLabelLimitExceeded"},
		{"tag_limit", arca.Errorf(arca.ETagLimit, "at most 50 tags"), 400, "TooManyTagsError"},
		{"pattern_mismatch", arca.Errorf(arca.EPattern, "value does not match"), 400, "ParameterPatternMismatchException"},
		{"bad_pattern", arca.Errorf(arca.EBadPattern, "not a regular expression"), 400, "InvalidAllowedPatternException"},
		{"key_invalid", arca.Errorf(arca.EKeyInvalid, "Key 'alias/x' does not exist"), 400, "InvalidKeyId"},
		{"key_disabled", arca.Errorf(arca.EKeyDisabled, "key is disabled."), 400, "InvalidKeyId"},
		{"bad_token", arca.Errorf(arca.EBadToken, "The specified token isn't valid."), 400, "InvalidNextToken"},
		{"bad_filter", arca.Errorf(arca.EBadFilter, "bad key"), 400, "InvalidFilterKey"},
		{"bad_filter_option", arca.Errorf(arca.EBadFilterOption, "bad option"), 400, "InvalidFilterOption"},
		{"bad_filter_value", arca.Errorf(arca.EBadFilterValue, "bad value"), 400, "InvalidFilterValue"},
		// Not in the table.
		{"invalid", arca.Errorf(arca.EInvalid, "Parameter name must not be empty."), 400, "ValidationException"},
		{"unauthenticated", arca.Errorf(arca.EUnauthenticated, "no caller"), 400, "UnrecognizedClientException"},
		{"denied", arca.Errorf(arca.EDenied, "not allowed"), 400, "AccessDeniedException"},
		{"unavailable", arca.Errorf(arca.EUnavailable, "store down"), 503, "ServiceUnavailable"},
		{"decrypt", &arca.Error{Code: arca.EDecrypt, Message: "stored ciphertext failed authentication", Err: errors.New("gcm: secret detail")}, 500, "InternalServerError"},
		{"internal", arca.Internal(errors.New("disk on fire: secret detail")), 500, "InternalServerError"},
		{"foreign", errors.New("plain error with secret detail"), 500, "InternalServerError"},
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
