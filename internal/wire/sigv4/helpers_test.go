package sigv4_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// The keys the test verifiers know.
const (
	testKeyID   = "AKIAARCATEST00000001"
	testSecret  = "arcaTestSecret/Key+With=Symbols0123456789"
	otherKeyID  = "AKIAARCATEST00000002"
	otherSecret = "anotherSecretAccessKey0123456789abcdefghij"
	longKeyID   = "AKIAARCATEST00000003" // a secret longer than an HMAC block
	exampleKey  = "AKIDEXAMPLE"          // the AWS test suite's key
)

var (
	longSecret    = strings.Repeat("LongSecret/", 10)
	exampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	signTime      = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	testCreds     = aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret}
)

// lookup is the Secret function of the test verifiers.
func lookup(_ context.Context, id string) ([]byte, error) {
	switch id {
	case testKeyID:
		return []byte(testSecret), nil
	case otherKeyID:
		return []byte(otherSecret), nil
	case longKeyID:
		return []byte(longSecret), nil
	case exampleKey:
		return []byte(exampleSecret), nil
	}
	return nil, fmt.Errorf("access key %q: %w", id, sigv4.ErrUnknownKey)
}

// verifierAt returns a verifier whose clock reads now.
func verifierAt(now time.Time) *sigv4.Verifier {
	return &sigv4.Verifier{Secret: lookup, Now: func() time.Time { return now }}
}

// onWire returns r as a server receives it, written in HTTP/1.1 form and read
// back, with its body.
func onWire(t testing.TB, r *http.Request) (*http.Request, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("write request: %v", err)
	}
	return parseRaw(t, buf.String())
}

// parseRaw reads a raw HTTP/1.1 request.
func parseRaw(t testing.TB, raw string) (*http.Request, []byte) {
	t.Helper()
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("read request: %v\n%s", err, raw)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return r, body
}

func hashHex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sdkSign signs r with the SDK's signer at signTime.
func sdkSign(t testing.TB, r *http.Request, body []byte, creds aws.Credentials, service, region string, opts ...func(*v4.SignerOptions)) {
	t.Helper()
	err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hashHex(body), service, region, signTime, opts...)
	if err != nil {
		t.Fatalf("SignHTTP: %v", err)
	}
}

func newRequest(t testing.TB, method, url string, header http.Header, body []byte) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	for k, v := range header {
		r.Header[k] = append([]string(nil), v...)
	}
	return r
}

var hex64 = regexp.MustCompile(`[0-9a-fA-F]{64}`)

// checkErr checks that err is an *sigv4.Error of kind want (nil for success)
// whose message gives nothing away.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("Verify: %v, want success", err)
		}
		return
	}
	var e *sigv4.Error
	if !errors.As(err, &e) {
		t.Fatalf("Verify: %v (%T), want an *sigv4.Error of kind %v", err, err, want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("Verify: %v, want kind %v", err, want)
	}
	for _, kind := range []error{sigv4.ErrMissing, sigv4.ErrIncomplete, sigv4.ErrUnknownKey, sigv4.ErrMismatch, sigv4.ErrExpired} {
		if kind != want && errors.Is(err, kind) {
			t.Errorf("Verify: %v is also of kind %v", err, kind)
		}
	}
	for _, s := range []string{testSecret, otherSecret, longSecret, exampleSecret} {
		if strings.Contains(e.Message, s) {
			t.Errorf("message %q contains a secret", e.Message)
		}
	}
	if hex64.MatchString(e.Message) {
		t.Errorf("message %q contains a 64-digit hex string", e.Message)
	}
	t.Logf("message: %s", e.Message)
	if e.Message == "" {
		t.Errorf("empty message")
	}
}
