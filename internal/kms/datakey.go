package kms

import (
	"context"
	"crypto/rand"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// MaxRandomBytes is the most bytes GenerateDataKey and GenerateRandom return.
const MaxRandomBytes = 1024

// DataKey is a fresh data key: its plaintext and its blob sealed under a KMS
// key.
type DataKey struct {
	Plaintext arca.Value
	Sealed
}

// GenerateDataKey returns n (1..MaxRandomBytes) fresh random bytes from
// crypto/rand and their blob, sealed as Encrypt seals under the key that ref
// names and bound to ec. Errors: EInvalid for n, and those of Encrypt.
func (s *Service) GenerateDataKey(ctx context.Context, region, ref string, n int, ec map[string]string) (*DataKey, error) {
	pt, err := s.GenerateRandom(n)
	if err != nil {
		return nil, err
	}
	var out *DataKey
	err = s.view(withEncryptionContext(ctx, ec), region, ref, true, func(_ storage.Tx, k *Key) error {
		sealed, err := s.encryptKey(k, pt, ec)
		if err != nil {
			return err
		}
		out = &DataKey{Plaintext: pt, Sealed: *sealed}
		return nil
	})
	if err != nil {
		pt.Zero()
		return nil, err
	}
	return out, nil
}

// GenerateRandom returns n (1..MaxRandomBytes) random bytes from
// crypto/rand. Errors: EInvalid for n, EInternal.
func (s *Service) GenerateRandom(n int) (arca.Value, error) {
	if n < 1 || n > MaxRandomBytes {
		return nil, arca.Errorf(arca.EInvalid, "The number of bytes must be 1 to %d; got %d.", MaxRandomBytes, n)
	}
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, arca.Internal(err)
	}
	return arca.Value(b), nil
}
