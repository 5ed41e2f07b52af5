package kms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/google/uuid"
)

// Service manages KMS keys and seals values under them.
type Service struct {
	store   storage.Store
	root    *keyring.Root
	account string
	now     func() time.Time

	// Unwrapped key versions, by "id/version". Material never changes for
	// a version, so entries never go stale; state is read from the record
	// on every use so that disabling a key takes effect at once.
	mu    sync.RWMutex
	ready map[string]*keyring.Key
	// Decoded key records, keyed by id, reused while the stored bytes are
	// unchanged (saves a JSON decode per request).
	recs sync.Map // id -> cachedRecord
}

type cachedRecord struct {
	raw []byte
	key *Key
}

// Config holds what a Service needs.
type Config struct {
	Store   storage.Store
	Root    *keyring.Root
	Account string
	Now     func() time.Time // nil = time.Now
}

// New returns a Service over the store, with key material wrapped by root.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Service{store: c.Store, root: c.Root, account: c.Account, now: now, ready: map[string]*keyring.Key{}}
}

// Account returns the account id that owns the keys.
func (s *Service) Account() string { return s.account }

func keyKey(region, id string) []byte      { return []byte("kms/" + region + "/k/" + id) }
func aliasKey(region, alias string) []byte { return []byte("kms/" + region + "/a/" + alias) }

// ManagedAlias reports whether alias names an AWS-managed key that is created
// on first use.
func ManagedAlias(alias string) bool {
	return alias == "alias/aws/ssm" || alias == "alias/aws/secretsmanager"
}

// ResolveTx finds the key that ref names — a key id, key ARN, alias name or
// alias ARN — in region. A managed alias is created when absent if tx is
// writable; in a read-only tx an absent managed key is reported as not found.
// Errors: EKeyInvalid when nothing matches.
func (s *Service) ResolveTx(tx storage.Tx, region, ref string) (*Key, error) {
	id, err := s.resolveID(tx, region, ref)
	if err != nil {
		return nil, err
	}
	return s.load(tx, region, id)
}

func (s *Service) resolveID(tx storage.Tx, region, ref string) (string, error) {
	name := ref
	if a, ok := arca.ParseARN(ref); ok {
		if a.Service != "kms" || a.Region != region || a.Account != s.account {
			return "", invalidKey(ref)
		}
		name = a.Resource
	}
	name = strings.TrimPrefix(name, "key/")
	if !strings.HasPrefix(name, "alias/") {
		if _, err := uuid.Parse(name); err != nil {
			return "", invalidKey(ref)
		}
		return name, nil
	}
	v, err := tx.Get(aliasKey(region, name))
	if err == nil {
		return string(v), nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return "", arca.Internal(err)
	}
	if !ManagedAlias(name) {
		return "", invalidKey(ref)
	}
	k, err := s.createTx(tx, region, ManagerAWS, "Default key that protects my "+strings.ToUpper(strings.TrimPrefix(name, "alias/aws/"))+" data when no other key is defined")
	if errors.Is(err, storage.ErrReadOnly) {
		return "", invalidKey(ref)
	}
	if err != nil {
		return "", err
	}
	if err := tx.Put(aliasKey(region, name), []byte(k.ID)); err != nil {
		return "", arca.Internal(err)
	}
	return k.ID, nil
}

func invalidKey(ref string) error {
	return arca.Errorf(arca.EKeyInvalid, "Key '%s' does not exist", ref)
}

func (s *Service) load(tx storage.Tx, region, id string) (*Key, error) {
	raw, err := tx.Get(keyKey(region, id))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, invalidKey(id)
	}
	if err != nil {
		return nil, arca.Internal(err)
	}
	if c, ok := s.recs.Load(region + "/" + id); ok && bytes.Equal(c.(cachedRecord).raw, raw) {
		k := *c.(cachedRecord).key
		return &k, nil
	}
	var k Key
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode key %s: %w", id, err))
	}
	kc := k
	s.recs.Store(region+"/"+id, cachedRecord{raw: raw, key: &kc})
	return &k, nil
}

func (s *Service) save(tx storage.Tx, k *Key) error {
	raw, err := json.Marshal(k)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(keyKey(k.Region, k.ID), raw); err != nil {
		return arca.Internal(err)
	}
	return nil
}

// createTx makes a new key with its first version.
func (s *Service) createTx(tx storage.Tx, region, manager, description string) (*Key, error) {
	k := &Key{
		ID: uuid.NewString(), Region: region, Account: s.account, Manager: manager,
		Description: description, State: StateEnabled, Created: s.now().UTC(),
	}
	if err := s.addVersion(k); err != nil {
		return nil, err
	}
	if err := s.save(tx, k); err != nil {
		return nil, err
	}
	return k, nil
}

// addVersion appends fresh material as the key's new current version.
func (s *Service) addVersion(k *Key) error {
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
	k.Versions = append(k.Versions, Version{Number: n, Wrapped: wrapped, Created: s.now().UTC()})
	k.Current = n
	return nil
}

func versionAAD(k *Key, n uint32) []byte {
	return keyring.AAD("kms-key", k.Region, k.Account, k.ID, strconv.FormatUint(uint64(n), 10))
}

// ring returns the usable keyring.Key for version n of k.
func (s *Service) ring(k *Key, n uint32) (*keyring.Key, error) {
	cacheKey := k.Region + "/" + k.ID + "/" + strconv.FormatUint(uint64(n), 10)
	s.mu.RLock()
	rk := s.ready[cacheKey]
	s.mu.RUnlock()
	if rk != nil {
		return rk, nil
	}
	for _, v := range k.Versions {
		if v.Number != n {
			continue
		}
		material, err := s.root.Unwrap(v.Wrapped, versionAAD(k, n))
		if err != nil {
			return nil, &arca.Error{Code: arca.EDecrypt, Message: "key material cannot be unwrapped with this root key", Err: err}
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
	return nil, arca.Errorf(arca.EDecrypt, "key %s has no version %d", k.ID, n)
}

// SealTx envelope-encrypts plaintext under the current version of the key
// that ref names, bound to aad. Errors: EKeyInvalid, EKeyDisabled.
func (s *Service) SealTx(tx storage.Tx, region, ref string, plaintext, aad []byte) ([]byte, *Key, error) {
	k, err := s.ResolveTx(tx, region, ref)
	if err != nil {
		return nil, nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, nil, err
	}
	rk, err := s.ring(k, k.Current)
	if err != nil {
		return nil, nil, err
	}
	env, err := rk.Seal(plaintext, aad)
	if err != nil {
		return nil, nil, arca.Internal(err)
	}
	return env, k, nil
}

// OpenTx decrypts an envelope made by SealTx with the same aad. Errors:
// EKeyInvalid when its key is gone, EKeyDisabled, EDecrypt when the
// envelope or aad does not match (a swapped or altered record).
func (s *Service) OpenTx(tx storage.Tx, region string, envelope, aad []byte) (arca.Value, error) {
	id, n, err := keyring.KeyOf(envelope)
	if err != nil {
		return nil, &arca.Error{Code: arca.EDecrypt, Message: "stored ciphertext is not readable", Err: err}
	}
	k, err := s.load(tx, region, id)
	if err != nil {
		return nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, err
	}
	rk, err := s.ring(k, n)
	if err != nil {
		return nil, err
	}
	pt, err := rk.Open(envelope, aad)
	if err != nil {
		return nil, &arca.Error{Code: arca.EDecrypt, Message: "stored ciphertext failed authentication", Err: err}
	}
	return arca.Value(pt), nil
}

// Describe returns the key that ref names, creating a managed key on first
// use as AWS does. Errors: EKeyInvalid (the dialect says NotFoundException).
func (s *Service) Describe(ctx context.Context, region, ref string) (*Key, error) {
	var k *Key
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		var err error
		k, err = s.ResolveTx(tx, region, ref)
		return err
	})
	return k, err
}
