package sigv4_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// editAuth replaces old with new in the Authorization header.
func editAuth(old, new string) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, new, 1))
	}
}

func setHeader(name, value string) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) { r.Header.Set(name, value) }
}

func delHeader(name string) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) { r.Header.Del(name) }
}

// Each part of a signed request, changed, fails with the right kind.
func TestVerify_Mutations(t *testing.T) {
	base := sdkCase{method: "POST", url: "https://ssm.eu-west-3.amazonaws.com/",
		header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"AmazonSSM.GetParameter"}},
		body:   `{"Name":"/app/db/password"}`, service: "ssm", region: "eu-west-3",
		creds: aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: "session-token"}}
	const sigPrefix = "Signature="
	tests := []struct {
		name   string
		mutate func(*http.Request, *[]byte)
		now    time.Time // zero: signTime
		want   error
	}{
		{name: "unchanged", mutate: func(*http.Request, *[]byte) {}},
		{name: "body", mutate: func(_ *http.Request, b *[]byte) { *b = []byte(`{"Name":"/app/db/other"}`) }, want: sigv4.ErrMismatch},
		{name: "body_empty", mutate: func(_ *http.Request, b *[]byte) { *b = nil }, want: sigv4.ErrMismatch},
		{name: "content_sha256_not_body", mutate: setHeader("X-Amz-Content-Sha256", hashHex([]byte("other"))), want: sigv4.ErrMismatch},
		{name: "content_sha256_unsigned_payload", mutate: setHeader("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"), want: sigv4.ErrMismatch},
		{name: "header_value", mutate: setHeader("X-Amz-Target", "AmazonSSM.PutParameter"), want: sigv4.ErrMismatch},
		{name: "header_value_case", mutate: setHeader("X-Amz-Target", "amazonssm.getparameter"), want: sigv4.ErrMismatch},
		{name: "header_value_extra_spaces_ok", mutate: setHeader("X-Amz-Target", "  AmazonSSM.GetParameter "), want: nil},
		{name: "header_value_added", mutate: func(r *http.Request, _ *[]byte) { r.Header.Add("X-Amz-Target", "x") }, want: sigv4.ErrMismatch},
		{name: "signed_header_deleted", mutate: delHeader("X-Amz-Target"), want: sigv4.ErrMismatch},
		{name: "signed_header_unlisted", mutate: editAuth(";x-amz-target", ""), want: sigv4.ErrMismatch},
		{name: "unsigned_header_added_ok", mutate: setHeader("X-Forwarded-For", "10.0.0.1"), want: nil},
		{name: "host", mutate: func(r *http.Request, _ *[]byte) { r.Host = "ssm.eu-west-1.amazonaws.com" }, want: sigv4.ErrMismatch},
		{name: "host_unsigned", mutate: editAuth("SignedHeaders=content-length;content-type;host;", "SignedHeaders=content-length;content-type;"), want: sigv4.ErrIncomplete},
		{name: "method", mutate: func(r *http.Request, _ *[]byte) { r.Method = "PUT" }, want: sigv4.ErrMismatch},
		{name: "path", mutate: func(r *http.Request, _ *[]byte) { r.URL.Path = "/x" }, want: sigv4.ErrMismatch},
		{name: "query_added", mutate: func(r *http.Request, _ *[]byte) { r.URL.RawQuery = "a=1" }, want: sigv4.ErrMismatch},
		{name: "date_second", mutate: setHeader("X-Amz-Date", "20260314T150927Z"), want: sigv4.ErrMismatch},
		{name: "date_other_day", mutate: setHeader("X-Amz-Date", "20260315T150926Z"), now: signTime.Add(24 * time.Hour), want: sigv4.ErrIncomplete},
		{name: "date_malformed", mutate: setHeader("X-Amz-Date", "2026-03-14T15:09:26Z"), want: sigv4.ErrIncomplete},
		{name: "date_missing", mutate: delHeader("X-Amz-Date"), want: sigv4.ErrIncomplete},
		{name: "scope_date", mutate: editAuth("/20260314/", "/20260315/"), want: sigv4.ErrIncomplete},
		{name: "region", mutate: editAuth("/eu-west-3/", "/eu-west-1/"), want: sigv4.ErrMismatch},
		{name: "service", mutate: editAuth("/ssm/", "/kms/"), want: sigv4.ErrMismatch},
		{name: "terminator", mutate: editAuth("/aws4_request", "/aws4_reqest"), want: sigv4.ErrIncomplete},
		{name: "key_id_unknown", mutate: editAuth(testKeyID, "AKIAUNKNOWN000000000"), want: sigv4.ErrUnknownKey},
		{name: "key_id_other", mutate: editAuth(testKeyID, otherKeyID), want: sigv4.ErrMismatch},
		{name: "signature_hex_digit", mutate: func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			i := strings.Index(a, sigPrefix) + len(sigPrefix)
			d := byte('0')
			if a[i] == '0' {
				d = '1'
			}
			r.Header.Set("Authorization", a[:i]+string(d)+a[i+1:])
		}, want: sigv4.ErrMismatch},
		{name: "signature_upper_case_ok", mutate: func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			i := strings.Index(a, sigPrefix) + len(sigPrefix)
			r.Header.Set("Authorization", a[:i]+strings.ToUpper(a[i:]))
		}, want: nil},
		{name: "signature_truncated", mutate: func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-2])
		}, want: sigv4.ErrMismatch},
		{name: "signature_not_hex", mutate: func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-1]+"g")
		}, want: sigv4.ErrMismatch},
		{name: "signature_missing", mutate: func(r *http.Request, _ *[]byte) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:strings.Index(a, ", "+sigPrefix)])
		}, want: sigv4.ErrIncomplete},
		{name: "algorithm", mutate: editAuth("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), want: sigv4.ErrIncomplete},
		{name: "authorization_missing", mutate: delHeader("Authorization"), want: sigv4.ErrMissing},
		{name: "authorization_twice", mutate: func(r *http.Request, _ *[]byte) { r.Header.Add("Authorization", r.Header.Get("Authorization")) }, want: sigv4.ErrIncomplete},
		{name: "header_and_query", mutate: func(r *http.Request, _ *[]byte) { r.URL.RawQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256" }, want: sigv4.ErrIncomplete},
		{name: "query_malformed", mutate: func(r *http.Request, _ *[]byte) { r.URL.RawQuery = "a=%zz" }, want: sigv4.ErrIncomplete},
		{name: "security_token", mutate: setHeader("X-Amz-Security-Token", "other-token"), want: sigv4.ErrMismatch},
		{name: "skew_14_min_late_ok", now: signTime.Add(14 * time.Minute), want: nil},
		{name: "skew_14_min_early_ok", now: signTime.Add(-14 * time.Minute), want: nil},
		{name: "skew_16_min_late", now: signTime.Add(16 * time.Minute), want: sigv4.ErrExpired},
		{name: "skew_16_min_early", now: signTime.Add(-16 * time.Minute), want: sigv4.ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := base.signed(t)
			if tt.mutate != nil {
				tt.mutate(r, &body)
			}
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			res, err := verifierAt(now).Verify(r, body)
			checkErr(t, err, tt.want)
			if err == nil && res.SecurityToken != "session-token" {
				t.Errorf("SecurityToken = %q", res.SecurityToken)
			}
		})
	}
}

func TestVerify_ExpiredMessage(t *testing.T) {
	r, body := sdkCases[0].signed(t)
	now := signTime.Add(30 * time.Minute)
	_, err := verifierAt(now).Verify(r, body)
	const want = "Signature expired: 20260314T150926Z is now earlier than 20260314T152426Z (20260314T153926Z - 15 min.)"
	var e *sigv4.Error
	if !errors.As(err, &e) || e.Message != want {
		t.Errorf("Verify: %v, want message %q", err, want)
	}
	_, err = verifierAt(signTime.Add(-20*time.Minute)).Verify(r, body)
	const early = "Signature not yet current: 20260314T150926Z is still later than 20260314T150426Z (20260314T144926Z + 15 min.)"
	if !errors.As(err, &e) || e.Message != early {
		t.Errorf("Verify: %v, want message %q", err, early)
	}
	v := verifierAt(signTime.Add(3 * time.Minute))
	v.MaxSkew = 2 * time.Minute
	_, err = v.Verify(r, body)
	checkErr(t, err, sigv4.ErrExpired)
}

func TestVerify_SecretErrors(t *testing.T) {
	r, body := sdkCases[0].signed(t)
	broken := errors.New("store unavailable")
	tests := []struct {
		name   string
		secret func(context.Context, string) ([]byte, error)
		check  func(*testing.T, error)
	}{
		{name: "lookup_failure", secret: func(context.Context, string) ([]byte, error) { return nil, broken },
			check: func(t *testing.T, err error) {
				var e *sigv4.Error
				if !errors.Is(err, broken) || errors.As(err, &e) {
					t.Errorf("Verify: %v, want the lookup error, not an *sigv4.Error", err)
				}
			}},
		{name: "empty_secret", secret: func(context.Context, string) ([]byte, error) { return nil, nil },
			check: func(t *testing.T, err error) { checkErr(t, err, sigv4.ErrUnknownKey) }},
		{name: "context_passed", secret: func(ctx context.Context, id string) ([]byte, error) {
			if ctx.Value(ctxKey{}) != "req-1" {
				return nil, errors.New("context not passed")
			}
			return lookup(ctx, id)
		}, check: func(t *testing.T, err error) { checkErr(t, err, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &sigv4.Verifier{Secret: tt.secret, Now: func() time.Time { return signTime }}
			req := r.WithContext(context.WithValue(r.Context(), ctxKey{}, "req-1"))
			_, err := v.Verify(req, body)
			tt.check(t, err)
		})
	}
}

type ctxKey struct{}
