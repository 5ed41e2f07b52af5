package awssts

// White-box test (package awssts, not awssts_test): it reads the unexported
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
	"github.com/arca-vault/arca/internal/identity"
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
		{"invalid", arca.Errorf(arca.EInvalid, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), 400, "ValidationError"},
		{"bad_policy", perr, 400, "MalformedPolicyDocument"},
		{"limit", arca.Errorf(arca.ELimit, "Packed policy consumes 120%% of allotted space, please use smaller policy for this request."), 400, "PackedPolicyTooLarge"},
		{"denied", arca.Errorf(arca.EDenied, "User: u is not authorized to perform: sts:AssumeRole on resource: r"), 403, "AccessDenied"},
		{"unauthenticated", arca.Errorf(arca.EUnauthenticated, "The security token included in the request is invalid."), 403, "InvalidClientTokenId"},
		// Not in the table.
		{"expired", &arca.Error{Code: arca.EUnauthenticated, Message: "The security token included in the request is expired", Err: identity.ErrExpiredToken}, 400, "ExpiredToken"},
		{"unavailable", arca.Errorf(arca.EUnavailable, "identity store unavailable"), 503, "ServiceUnavailable"},
		{"internal", arca.Internal(errors.New("disk on fire: secret detail")), 500, "InternalFailure"},
		{"foreign", errors.New("plain error with secret detail"), 500, "InternalFailure"},
		{"fault", &awsquery.Fault{Status: 400, Code: "InvalidIdentityToken", Message: "The web identity token is not a valid JWT."}, 400, "InvalidIdentityToken"},
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
	svc := New(nil, Config{})
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
