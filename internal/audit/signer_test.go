package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/memory"
)

func TestLoadSigner(t *testing.T) {
	ctx := context.Background()
	st := memory.New()
	root, err := keyring.NewRoot(bytes.Repeat([]byte{7}, keyring.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	k1, err := audit.LoadSigner(ctx, st, root)
	if err != nil {
		t.Fatalf("first LoadSigner: %v", err)
	}
	k2, err := audit.LoadSigner(ctx, st, root)
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("second LoadSigner: same key %v, %v", k1.Equal(k2), err)
	}
	pub, err := audit.LoadPublicKey(ctx, st)
	if err != nil || !pub.Equal(k1.Public()) {
		t.Fatalf("LoadPublicKey = %x, %v", pub, err)
	}
	// The stored seed is wrapped, not plain.
	st.View(ctx, func(tx storage.Tx) error {
		w, _ := tx.Get([]byte(audit.SigningKeyName))
		if bytes.Contains(w, k1.Seed()) {
			t.Error("signing key stored in the clear")
		}
		return nil
	})
	other, _ := keyring.NewRoot(bytes.Repeat([]byte{8}, keyring.KeySize))
	if _, err := audit.LoadSigner(ctx, st, other); err == nil {
		t.Error("LoadSigner with another root key succeeded")
	}
	// A swapped public key is refused.
	st.Update(ctx, func(tx storage.Tx) error {
		return tx.Put([]byte(audit.PublicKeyName), make([]byte, ed25519.PublicKeySize))
	})
	if _, err := audit.LoadSigner(ctx, st, root); err == nil {
		t.Error("LoadSigner accepted a public key that does not match")
	}
}
