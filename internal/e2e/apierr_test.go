package e2e_test

import (
	"errors"
	"testing"

	"github.com/aws/smithy-go"
)

// The error checks every dialect's tests share.

// apiCode returns the AWS error code carried by err: "" for nil, and a
// "not an API error" text for a transport failure.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if err != nil {
		return "not an API error: " + err.Error()
	}
	return ""
}

// wantCode fails the test unless err is an AWS error with code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := apiCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// wantTyped fails the test unless err unwraps to the SDK's typed error T
// (for example *types.ParameterNotFound): the client itself recognises the
// error, not only its name.
func wantTyped[T error](t *testing.T, err error) {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error = %v (code %q), want %T", err, apiCode(err), target)
	}
}

// wantOK fails the test on any error, naming its code.
func wantOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v (code %q)", err, apiCode(err))
	}
}
