package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// KeySize is the size in bytes of every symmetric key: root, KMS key
// material and data keys (AES-256).
const KeySize = 32

// ErrOpen is returned when a ciphertext fails authentication: it was altered,
// truncated, or is opened with the wrong key or associated data.
var ErrOpen = errors.New("keyring: message authentication failed")

// ErrFormat is returned for a ciphertext whose header this version of arca
// does not understand.
var ErrFormat = errors.New("keyring: unknown ciphertext format")

// Root is the root key. It wraps KMS key material and nothing else. A Root is
// immutable and safe for concurrent use.
type Root struct {
	aead cipher.AEAD
}

// NewRoot returns the root key for key, which must be KeySize bytes. The
// caller may zero key afterwards.
func NewRoot(key []byte) (*Root, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, fmt.Errorf("root key: %w", err)
	}
	return &Root{aead: aead}, nil
}

// GenerateKey returns KeySize fresh random bytes from crypto/rand.
func GenerateKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return k, nil
}

// Wrap seals KMS key material under the root key, bound to aad (the key's
// identity: id and version).
func (r *Root) Wrap(material, aad []byte) ([]byte, error) {
	return seal(r.aead, formatRoot, material, aad)
}

// Unwrap opens what Wrap sealed. It returns ErrOpen when wrapped or aad do not
// match, and ErrFormat for an unknown header.
func (r *Root) Unwrap(wrapped, aad []byte) ([]byte, error) {
	return open(r.aead, formatRoot, wrapped, aad)
}

// Check proves that the root key can open wrapped (a canary written when the
// store was initialised), so that a server refuses to start on a store it
// cannot decrypt.
func (r *Root) Check(wrapped, aad []byte) error {
	_, err := r.Unwrap(wrapped, aad)
	return err
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Format bytes: the first byte of every ciphertext names its layout, so that
// a later format can be introduced without rewriting stored data.
const (
	formatRoot     byte = 0x01 // nonce | sealed material
	formatEnvelope byte = 0x02 // see Key.Seal
	formatDataKey  byte = 0x03 // nonce | sealed data key
)

// seal returns format | nonce | ciphertext.
func seal(aead cipher.AEAD, format byte, plaintext, aad []byte) ([]byte, error) {
	ns := aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+aead.Overhead())
	out[0] = format
	if _, err := rand.Read(out[1 : 1+ns]); err != nil {
		return nil, fmt.Errorf("nonce: %w", err)
	}
	return aead.Seal(out, out[1:1+ns], plaintext, aad), nil
}

func open(aead cipher.AEAD, format byte, sealed, aad []byte) ([]byte, error) {
	ns := aead.NonceSize()
	if len(sealed) < 1 || sealed[0] != format {
		return nil, ErrFormat
	}
	if len(sealed) < 1+ns+aead.Overhead() {
		return nil, ErrOpen
	}
	pt, err := aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}
