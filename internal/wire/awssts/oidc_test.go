package awssts

// White-box test: it drives the unexported token verifier directly.

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// es256 returns a verifier trusting one P-256 key, and a signer for it.
func es256(tb testing.TB) (*verifier, func(claims map[string]any) string) {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	pad := func(b []byte) []byte { return append(make([]byte, 32-len(b)), b...) }
	set, _ := json.Marshal(map[string]any{"keys": []map[string]string{{"kty": "EC", "crv": "P-256", "kid": "e1",
		"x": b64(pad(k.X.Bytes())), "y": b64(pad(k.Y.Bytes()))}}})
	path := filepath.Join(tb.TempDir(), "jwks.json")
	if err := os.WriteFile(path, set, 0o600); err != nil {
		tb.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	v := newVerifier([]Issuer{{URL: "https://idp", JWKS: path}}, func() time.Time { return now })
	sign := func(claims map[string]any) string {
		h, _ := json.Marshal(map[string]string{"alg": "ES256", "kid": "e1"})
		c, _ := json.Marshal(claims)
		signed := b64(h) + "." + b64(c)
		sum := sha256.Sum256([]byte(signed))
		r, s, err := ecdsa.Sign(rand.Reader, k, sum[:])
		if err != nil {
			tb.Fatal(err)
		}
		return signed + "." + b64(append(pad(r.Bytes()), pad(s.Bytes())...))
	}
	return v, sign
}

func TestVerifier_ES256(t *testing.T) {
	v, sign := es256(t)
	good := map[string]any{"iss": "https://idp", "sub": "s", "aud": []string{"x", "y"}, "exp": 1_800_000_600}
	c, err := v.verify(context.Background(), sign(good))
	if err != nil || c.Subject != "s" || c.audience != "x" || c.provider != "idp" {
		t.Fatalf("verify = %+v, %v", c, err)
	}
	good["nbf"] = 1_800_001_000
	if _, err := v.verify(context.Background(), sign(good)); err == nil {
		t.Fatal("token not yet valid accepted")
	}
}

// FuzzVerify feeds arbitrary tokens to the verifier: it never panics and
// refuses with a Query fault.
func FuzzVerify(f *testing.F) {
	v, sign := es256(f)
	f.Add(sign(map[string]any{"iss": "https://idp", "sub": "s", "aud": "a", "exp": 1_800_000_600}))
	f.Add("eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2lkcCJ9.") // arca:allow test data, not a secret
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, tok string) {
		_, err := v.verify(context.Background(), tok)
		var fault *awsquery.Fault
		if err != nil && !errors.As(err, &fault) {
			t.Fatalf("verify(%q) = %v", tok, err)
		}
	})
}
