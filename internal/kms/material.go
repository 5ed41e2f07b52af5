package kms

import (
	"fmt"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/google/uuid"
)

// createTx makes a new key with its first version and saves it.
func (s *Service) createTx(tx storage.Tx, region, manager string, in CreateInput) (*Key, error) {
	now := s.now().UTC()
	k := &Key{
		ID: uuid.NewString(), Region: region, Account: s.account, Manager: manager,
		Description: in.Description, State: StateEnabled, Created: now,
		Policy: in.Policy, Tags: in.Tags,
	}
	if manager == ManagerAWS {
		// AWS rotates its managed keys every year; the setting cannot change.
		k.RotationEnabled, k.RotationPeriodDays, k.RotationBasis = true, DefaultRotationPeriodDays, now
		k.NextRotation = now.AddDate(0, 0, DefaultRotationPeriodDays)
	}
	if err := s.addVersion(k, ""); err != nil {
		return nil, err
	}
	if err := s.save(tx, k); err != nil {
		return nil, err
	}
	return k, nil
}

// addVersion appends fresh material as the key's new current version;
// rotation is "" for the first version.
func (s *Service) addVersion(k *Key, rotation string) error {
	material, err := keyring.GenerateKey()
	if err != nil {
		return arca.Internal(err)
	}
	defer clear(material)
	n := k.Current + 1
	wrapped, err := s.root.Wrap(material, versionAAD(k, n))
	if err != nil {
		return arca.Internal(err)
	}
	k.Versions = append(k.Versions, Version{Number: n, Wrapped: wrapped, Created: s.now().UTC(), Rotation: rotation})
	k.Current = n
	return nil
}

func versionAAD(k *Key, n uint32) []byte {
	return keyring.AAD("kms-key", k.Region, k.Account, k.ID, strconv.FormatUint(uint64(n), 10))
}

// ring returns the usable keyring.Key for version n of k. Errors: EDecrypt
// when k has no version n (a ciphertext names a version that never
// existed), EInternal when the root key cannot unwrap the material.
func (s *Service) ring(k *Key, n uint32) (*keyring.Key, error) {
	cacheKey := k.Region + "/" + k.ID + "/" + strconv.FormatUint(uint64(n), 10)
	s.mu.RLock()
	rk := s.ready[cacheKey]
	s.mu.RUnlock()
	if rk != nil {
		return rk, nil
	}
	v := k.version(n)
	if v == nil {
		return nil, arca.Errorf(arca.EDecrypt, "key %s has no version %d", k.ID, n)
	}
	material, err := s.root.Unwrap(v.Wrapped, versionAAD(k, n))
	if err != nil {
		return nil, arca.Internal(fmt.Errorf("unwrap key %s version %d with the root key: %w", k.ID, n, err))
	}
	rk, err = keyring.NewKey(k.ID, n, material)
	clear(material)
	if err != nil {
		return nil, arca.Internal(err)
	}
	s.mu.Lock()
	s.ready[cacheKey] = rk
	s.mu.Unlock()
	return rk, nil
}
