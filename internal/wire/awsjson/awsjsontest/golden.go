// Package awsjsontest holds test helpers shared by the AWS JSON dialects:
// the golden test of a dialect's error table. It is imported by tests only.
package awsjsontest

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// ErrorCase is one row of a golden error test: a core error and the status
// and error code the dialect must answer it with.
type ErrorCase struct {
	Name   string
	Err    error
	Status int
	Code   string
}

// GoldenErrors checks a dialect's error mapping: every code of table has a
// case; each case maps to its status and code, is written with that status
// and X-Amzn-ErrorType, never shows its cause ("secret detail" must not
// reach the body); and the written envelopes equal testdata/errors.golden
// (rewritten instead when update is set).
func GoldenErrors(t *testing.T, svc *awsjson.Service, table map[arca.Code]string, cases []ErrorCase, update bool) {
	t.Helper()
	covered := map[arca.Code]bool{}
	for _, tc := range cases {
		covered[arca.ErrorCode(tc.Err)] = true
	}
	for code := range table {
		if !covered[code] {
			t.Errorf("the error table maps %q but no golden case covers it", code)
		}
	}
	var golden bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			f := svc.Errors(tc.Err)
			if f == nil {
				f = awsjson.Default(tc.Err)
			}
			if f.Status != tc.Status || f.Code != tc.Code {
				t.Fatalf("mapped to %d %s, want %d %s", f.Status, f.Code, tc.Status, tc.Code)
			}
			rec := httptest.NewRecorder()
			svc.WriteError(context.Background(), rec, tc.Err)
			body := rec.Body.String()
			if rec.Code != tc.Status || rec.Header().Get("X-Amzn-ErrorType") != tc.Code {
				t.Fatalf("written %d %q", rec.Code, rec.Header().Get("X-Amzn-ErrorType"))
			}
			if strings.Contains(body, "secret detail") {
				t.Fatalf("the cause leaked to the client: %s", body)
			}
			fmt.Fprintf(&golden, "%s %d %s %s\n", tc.Name, rec.Code, rec.Header().Get("Content-Type"), body)
		})
	}
	path := filepath.Join("testdata", "errors.golden")
	if update {
		if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update)", err)
	}
	if !bytes.Equal(golden.Bytes(), want) {
		t.Errorf("error envelopes differ from %s (rerun with -update if intended):\ngot:\n%s\nwant:\n%s", path, golden.Bytes(), want)
	}
}
