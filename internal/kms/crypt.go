package kms

import (
	"context"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// MaxPlaintext is the largest plaintext Encrypt accepts, in bytes.
const MaxPlaintext = 4096

// contextAAD binds a KMS ciphertext to its encryption context: the pairs in
// key order, so that the map's order never matters, in a domain of their
// own so that no envelope of another service opens as a KMS ciphertext.
func contextAAD(ec map[string]string) []byte {
	keys := make([]string, 0, len(ec))
	for k := range ec {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, 1+2*len(keys))
	parts = append(parts, "kms-ciphertext")
	for _, k := range keys {
		parts = append(parts, k, ec[k])
	}
	return keyring.AAD(parts...)
}

// Sealed is a ciphertext blob and the key version that sealed it. The blob
// names its key and version, so Decrypt needs nothing else.
type Sealed struct {
	Blob    []byte
	Key     *Key
	Version uint32
}

// Opened is the plaintext of a ciphertext blob and the key version that
// sealed it.
type Opened struct {
	Plaintext arca.Value
	Key       *Key
	Version   uint32
}

// Encrypt seals plaintext (1..MaxPlaintext bytes) under the current version
// of the key that ref — a key id, key ARN, alias name or alias ARN — names,
// bound to the encryption context ec. Errors: EInvalid for the size,
// EKeyInvalid, EKeyDisabled for a disabled key, EConflict for one pending
// deletion.
func (s *Service) Encrypt(ctx context.Context, region, ref string, plaintext arca.Value, ec map[string]string) (*Sealed, error) {
	if len(plaintext) == 0 || len(plaintext) > MaxPlaintext {
		return nil, arca.Errorf(arca.EInvalid, "The plaintext must be 1 to %d bytes; it is %d bytes.", MaxPlaintext, len(plaintext))
	}
	var out *Sealed
	err := s.view(withEncryptionContext(ctx, ec), region, ref, true, func(_ storage.Tx, k *Key) error {
		var err error
		out, err = s.encryptKey(k, plaintext, ec)
		return err
	})
	return out, err
}

func (s *Service) encryptKey(k *Key, plaintext []byte, ec map[string]string) (*Sealed, error) {
	if err := k.usableKMS(); err != nil {
		return nil, err
	}
	blob, err := s.seal(k, plaintext, contextAAD(ec))
	if err != nil {
		return nil, err
	}
	return &Sealed{Blob: blob, Key: k, Version: k.Current}, nil
}

// Decrypt opens a blob that Encrypt, GenerateDataKey or ReEncrypt made, with
// the same encryption context ec. When ref is set the blob must have been
// sealed by the key it names. Errors: EDecrypt for a blob that is not one
// or whose context differs, EKeyInvalid when ref or the blob's key does not
// exist, EKeyMismatch when ref names another key, EKeyDisabled for a
// disabled key, EConflict for one pending deletion.
func (s *Service) Decrypt(ctx context.Context, region string, blob []byte, ec map[string]string, ref string) (*Opened, error) {
	var out *Opened
	err := s.read(ctx, func(tx storage.Tx) error {
		var err error
		out, err = s.decryptTx(withEncryptionContext(ctx, ec), tx, region, blob, ec, ref, "")
		return err
	})
	return out, err
}

// decryptTx opens blob after asking whether the caller may perform act
// ("" = the request's action) on the blob's key.
func (s *Service) decryptTx(ctx context.Context, tx storage.Tx, region string, blob []byte, ec map[string]string, ref, act string) (*Opened, error) {
	k, n, err := s.keyOf(tx, region, blob)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, act); err != nil {
		return nil, err
	}
	if ref != "" {
		want, err := s.ResolveTx(tx, region, ref)
		if err != nil {
			return nil, err
		}
		if want.ID != k.ID {
			return nil, arca.Errorf(arca.EKeyMismatch, "The key ID in the request does not identify a KMS key that can perform this operation.")
		}
	}
	if err := k.usableKMS(); err != nil {
		return nil, err
	}
	pt, err := s.open(k, n, blob, contextAAD(ec))
	if err != nil {
		return nil, err
	}
	return &Opened{Plaintext: pt, Key: k, Version: n}, nil
}

// Reencrypted is the result of ReEncrypt.
type Reencrypted struct {
	Source        *Key
	SourceVersion uint32
	Sealed
}

// ReEncryptInput names a ReEncrypt's source and destination.
type ReEncryptInput struct {
	Blob          []byte
	SourceContext map[string]string
	SourceRef     string // optional: the key that must have sealed Blob
	DestRef       string // a key id, key ARN, alias name or alias ARN
	DestContext   map[string]string
}

// ReEncrypt opens a blob as Decrypt does and seals its plaintext under the
// destination key and context as Encrypt does, in one step: the plaintext
// never leaves the service. Errors: those of Decrypt and of Encrypt.
func (s *Service) ReEncrypt(ctx context.Context, region string, in ReEncryptInput) (*Reencrypted, error) {
	var out *Reencrypted
	err := s.read(ctx, func(tx storage.Tx) error {
		opened, err := s.decryptTx(withEncryptionContext(ctx, in.SourceContext), tx, region, in.Blob, in.SourceContext, in.SourceRef, "kms:ReEncryptFrom")
		if err != nil {
			return err
		}
		defer opened.Plaintext.Zero()
		dst, err := s.ResolveTx(tx, region, in.DestRef)
		if err != nil {
			return err
		}
		if err := s.authorizeKey(withEncryptionContext(ctx, in.DestContext), tx, dst, "kms:ReEncryptTo"); err != nil {
			return err
		}
		sealed, err := s.encryptKey(dst, opened.Plaintext, in.DestContext)
		if err != nil {
			return err
		}
		out = &Reencrypted{Source: opened.Key, SourceVersion: opened.Version, Sealed: *sealed}
		return nil
	})
	return out, err
}
