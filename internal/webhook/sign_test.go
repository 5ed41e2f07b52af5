package webhook_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/webhook"
)

func TestSignVerify(t *testing.T) {
	key, body := []byte("k"), []byte(`{"a":1}`)
	sig := webhook.Sign(key, body)
	// printf '{"a":1}' | openssl dgst -sha256 -hmac k
	if sig != "sha256=c3a92ff9e274cdcce27a58c15a78ec6dcbbdbd0038a87e7a11baef2028fd8bff" {
		t.Fatalf("Sign = %q", sig)
	}
	if !webhook.Verify(key, body, sig) || webhook.Verify([]byte("other"), body, sig) || webhook.Verify(key, []byte(`{"a":2}`), sig) {
		t.Error("Verify accepts a wrong key or body, or refuses the right one")
	}
}
