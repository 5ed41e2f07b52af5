package sigv4_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/arca-vault/arca/internal/wire/sigv4"
	"github.com/aws/aws-sdk-go-v2/aws"
)

// TestKeyCache: a verifier with a key cache accepts what one without
// accepts, and a cached key never outlives its secret: after the secret
// changes, a request signed with the old one fails and one signed with the
// new one passes.
func TestKeyCache(t *testing.T) {
	secret := testSecret
	v := verifierAt(signTime)
	v.Keys = &sigv4.KeyCache{}
	v.Secret = func(context.Context, string) ([]byte, error) { return []byte(secret), nil }
	signed := func(s string) (*http.Request, []byte) {
		body := []byte(`{"Name":"/p"}`)
		r := newRequest(t, "POST", "https://ssm.us-east-1.amazonaws.com/", http.Header{"X-Amz-Target": {"AmazonSSM.GetParameter"}}, body)
		sdkSign(t, r, body, aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: s}, "ssm", "us-east-1")
		return onWire(t, r)
	}
	for range 3 { // the first derives, the others hit the cache
		r, body := signed(testSecret)
		if _, err := v.Verify(r, body); err != nil {
			t.Fatalf("Verify: %v", err)
		}
	}
	secret = otherSecret // the key's secret was replaced
	r, body := signed(testSecret)
	if _, err := v.Verify(r, body); !errors.Is(err, sigv4.ErrMismatch) {
		t.Fatalf("Verify with the old secret after a change: %v, want ErrMismatch", err)
	}
	r, body = signed(otherSecret)
	if _, err := v.Verify(r, body); err != nil {
		t.Fatalf("Verify with the new secret: %v", err)
	}
}
