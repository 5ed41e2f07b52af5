package kms

import (
	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// SealTx envelope-encrypts plaintext under the current version of the key
// that ref names, bound to aad. It is the seal of the other core services
// (the parameter store, Secrets Manager). Errors: EKeyInvalid, EKeyDisabled
// (a disabled key and one pending deletion alike).
func (s *Service) SealTx(tx storage.Tx, region, ref string, plaintext, aad []byte) ([]byte, *Key, error) {
	k, err := s.ResolveTx(tx, region, ref)
	if err != nil {
		return nil, nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, nil, err
	}
	env, err := s.seal(k, plaintext, aad)
	if err != nil {
		return nil, nil, err
	}
	return env, k, nil
}

// OpenTx decrypts an envelope made by SealTx with the same aad. Errors:
// EKeyInvalid when its key is gone, EKeyDisabled (disabled or pending
// deletion), EDecrypt when the envelope or aad does not match (a swapped or
// altered record).
func (s *Service) OpenTx(tx storage.Tx, region string, envelope, aad []byte) (arca.Value, error) {
	k, n, err := s.keyOf(tx, region, envelope)
	if err != nil {
		return nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, err
	}
	return s.open(k, n, envelope, aad)
}

// seal seals plaintext under k's current version.
func (s *Service) seal(k *Key, plaintext, aad []byte) ([]byte, error) {
	rk, err := s.ring(k, k.Current)
	if err != nil {
		return nil, err
	}
	env, err := rk.Seal(plaintext, aad)
	if err != nil {
		return nil, arca.Internal(err)
	}
	return env, nil
}

// keyOf loads the key that sealed envelope, and the version. Errors:
// EDecrypt for an envelope that is not one, EKeyInvalid when its key is gone.
func (s *Service) keyOf(tx storage.Tx, region string, envelope []byte) (*Key, uint32, error) {
	id, n, err := keyring.KeyOf(envelope)
	if err != nil {
		return nil, 0, &arca.Error{Code: arca.EDecrypt, Message: "The ciphertext is not readable.", Err: err}
	}
	if !validID(id) {
		return nil, 0, arca.Errorf(arca.EDecrypt, "The ciphertext is not readable.")
	}
	k, err := s.load(tx, region, id)
	if err != nil {
		return nil, 0, err
	}
	return k, n, nil
}

// open opens envelope with version n of k. Errors: EDecrypt.
func (s *Service) open(k *Key, n uint32, envelope, aad []byte) (arca.Value, error) {
	rk, err := s.ring(k, n)
	if err != nil {
		return nil, err
	}
	pt, err := rk.Open(envelope, aad)
	if err != nil {
		return nil, &arca.Error{Code: arca.EDecrypt, Message: "The ciphertext failed authentication.", Err: err}
	}
	return arca.Value(pt), nil
}
