package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// Storage keys of the checkpoint signing key.
const (
	SigningKeyName = "sys/audit-signing-key" // the Ed25519 seed, wrapped by the root key
	PublicKeyName  = "sys/audit-public-key"  // the raw public key, for export
)

// signingKeyAAD binds the wrapped seed to its purpose.
var signingKeyAAD = keyring.AAD("audit-signing-key")

// LoadSigner returns the checkpoint signing key kept in st, wrapped by
// root; the first call creates it (concurrent first calls from several
// nodes agree on one key, through the store's transaction). It fails when
// the stored key cannot be unwrapped (another root key) or does not match
// the stored public key.
func LoadSigner(ctx context.Context, st storage.Store, root *keyring.Root) (ed25519.PrivateKey, error) {
	var key ed25519.PrivateKey
	err := st.Update(ctx, func(tx storage.Tx) error {
		key = nil
		wrapped, err := tx.Get([]byte(SigningKeyName))
		if errors.Is(err, storage.ErrNotFound) {
			seed := make([]byte, ed25519.SeedSize)
			if _, err := rand.Read(seed); err != nil {
				return err
			}
			if wrapped, err = root.Wrap(seed, signingKeyAAD); err != nil {
				return err
			}
			key = ed25519.NewKeyFromSeed(seed)
			clear(seed)
			if err := tx.Put([]byte(SigningKeyName), wrapped); err != nil {
				return err
			}
			return tx.Put([]byte(PublicKeyName), key.Public().(ed25519.PublicKey))
		}
		if err != nil {
			return err
		}
		seed, err := root.Unwrap(wrapped, signingKeyAAD)
		if err != nil {
			return fmt.Errorf("unwrap: %w", err)
		}
		if len(seed) != ed25519.SeedSize {
			return errors.New("stored key has the wrong size")
		}
		key = ed25519.NewKeyFromSeed(seed)
		clear(seed)
		pub, err := tx.Get([]byte(PublicKeyName))
		if err != nil {
			return fmt.Errorf("public key: %w", err)
		}
		if !bytes.Equal(pub, key.Public().(ed25519.PublicKey)) {
			return errors.New("the stored public key does not match the signing key")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load audit signing key: %w", err)
	}
	return key, nil
}

// LoadPublicKey returns the stored public key that verifies checkpoints,
// without the root key: what `arca audit verify` and an export need.
func LoadPublicKey(ctx context.Context, st storage.Store) (ed25519.PublicKey, error) {
	var pub []byte
	err := st.View(ctx, func(tx storage.Tx) error {
		var err error
		pub, err = tx.Get([]byte(PublicKeyName))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load audit public key: %w", err)
	}
	if len(pub) != ed25519.PublicKeySize {
		return nil, errors.New("load audit public key: wrong size")
	}
	return pub, nil
}
