package awsiam

// White-box test (package awsiam, not awsiam_test): it reads the unexported
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
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

var update = flag.Bool("update", false, "rewrite testdata/errors.golden")

func TestMapError_Golden(t *testing.T) {
	_, perr := authz.Parse([]byte(`{"Statement":{"Effect":"Maybe","Action":"*","Resource":"*"}}`), authz.Identity)
	cases := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"not_found", arca.Errorf(arca.ENotFound, "The user with name bob cannot be found."), 404, "NoSuchEntity"},
		{"version_not_found", arca.Errorf(arca.EVersionNotFound, "Policy version v9 does not exist."), 404, "NoSuchEntity"},
		{"exists", arca.Errorf(arca.EExists, "User with name bob already exists."), 409, "EntityAlreadyExists"},
		{"conflict", arca.Errorf(arca.EConflict, "Cannot delete entity, must delete access keys first."), 409, "DeleteConflict"},
		{"limit", arca.Errorf(arca.ELimit, "Cannot exceed quota for AccessKeysPerUser: 2"), 409, "LimitExceeded"},
		{"tag_limit", arca.Errorf(arca.ETagLimit, "The number of tags has reached the maximum limit."), 409, "LimitExceeded"},
		{"bad_policy", perr, 400, "MalformedPolicyDocument"},
		{"bad_token", arca.Errorf(arca.EBadToken, "Invalid Marker."), 400, "InvalidInput"},
		{"invalid", arca.Errorf(arca.EInvalid, "ARN x is not valid."), 400, "InvalidInput"},
		{"denied", arca.Errorf(arca.EDenied, "User: u is not authorized to perform: iam:ListUsers"), 403, "AccessDenied"},
		// Not in the table.
		{"unauthenticated", arca.Errorf(arca.EUnauthenticated, "The security token included in the request is invalid."), 403, "InvalidClientTokenId"},
		{"unavailable", arca.Errorf(arca.EUnavailable, "identity store unavailable"), 503, "ServiceUnavailable"},
		{"internal", arca.Internal(errors.New("disk on fire: secret detail")), 500, "ServiceFailure"},
		{"foreign", errors.New("plain error with secret detail"), 500, "ServiceFailure"},
		{"fault", &awsquery.Fault{Status: 400, Code: "ValidationError", Message: "1 validation error detected"}, 400, "ValidationError"},
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
	svc := New(nil, nil, nil)
	ctx := awsquery.WithRequestID(context.Background(), "rid")
	var golden bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			svc.WriteError(ctx, rec, tc.err)
			body := rec.Body.String()
			if rec.Code != tc.status || !strings.Contains(body, "<Code>"+tc.code+"</Code>") {
				t.Fatalf("written %d %s, want %d %s", rec.Code, body, tc.status, tc.code)
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
