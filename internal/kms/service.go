package kms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/decoded"
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
	az      arca.Authorizer

	// Unwrapped key versions, by "region/id/version". Material never
	// changes for a version, so entries never go stale; state is read from
	// the record on every use so that disabling a key takes effect at once.
	mu    sync.RWMutex
	ready map[string]*keyring.Key
	// Decoded key records, reused while the stored bytes are unchanged
	// (saves a JSON decode per request; see package decoded).
	recs decoded.Cache[Key]
}

// Config holds what a Service needs.
type Config struct {
	Store   storage.Store
	Root    *keyring.Root
	Account string
	Now     func() time.Time // nil = time.Now; drives deletion windows and rotation dates
	// Authorizer decides every request's access to keys (the request's
	// action on the key ARN, with the key policy); nil allows everything.
	Authorizer arca.Authorizer
}

// New returns a Service over the store, with key material wrapped by root.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Service{store: c.Store, root: c.Root, account: c.Account, now: now, az: c.Authorizer, ready: map[string]*keyring.Key{}}
}

// Account returns the account id that owns the keys.
func (s *Service) Account() string { return s.account }

func keyKey(region, id string) []byte      { return []byte("kms/" + region + "/k/" + id) }
func keyPrefix(region string) []byte       { return []byte("kms/" + region + "/k/") }
func aliasKey(region, alias string) []byte { return []byte("kms/" + region + "/a/" + alias) }
func aliasPrefix(region string) []byte     { return []byte("kms/" + region + "/a/") }

// ResolveTx finds the key that ref names — a key id, key ARN, alias name or
// alias ARN — in region. A managed alias is created when absent if tx is
// writable; in a read-only tx an absent managed key is reported as not found.
// A key whose deletion date has passed no longer exists. Errors: EKeyInvalid
// when nothing matches.
func (s *Service) ResolveTx(tx storage.Tx, region, ref string) (*Key, error) {
	return s.resolve(tx, region, ref, true)
}

// resolve is ResolveTx; with aliases false only a key id or key ARN is
// accepted, as the KMS operations that manage one key require.
func (s *Service) resolve(tx storage.Tx, region, ref string, aliases bool) (*Key, error) {
	id, err := s.resolveID(tx, region, ref, aliases)
	if err != nil {
		return nil, err
	}
	return s.load(tx, region, id)
}

func (s *Service) resolveID(tx storage.Tx, region, ref string, aliases bool) (string, error) {
	name := ref
	if a, ok := arca.ParseARN(ref); ok {
		if a.Service != "kms" || a.Partition != arca.Partition(region) || a.Region != region || a.Account != s.account {
			return "", arca.Errorf(arca.EKeyInvalid, "Key '%s' does not exist", ref)
		}
		name = a.Resource
		if !strings.HasPrefix(name, "key/") && !strings.HasPrefix(name, "alias/") {
			return "", malformedRef(ref)
		}
	}
	name = strings.TrimPrefix(name, "key/")
	if !strings.HasPrefix(name, "alias/") {
		if !validID(name) {
			return "", malformedRef(ref)
		}
		return name, nil
	}
	if !aliases {
		return "", malformedRef(ref)
	}
	a, err := s.getAlias(tx, region, name)
	if err == nil {
		return a.KeyID, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return "", arca.Internal(err)
	}
	if !ManagedAlias(name) {
		return "", arca.Errorf(arca.EKeyInvalid, "Alias %s is not found.", arca.ARN("kms", region, s.account, name, false))
	}
	k, err := s.createManagedTx(tx, region, name)
	if errors.Is(err, storage.ErrReadOnly) {
		// Wraps ErrReadOnly so that view can retry in a writable tx.
		return "", &arca.Error{Code: arca.EKeyInvalid, Message: fmt.Sprintf("Alias %s is not found.", arca.ARN("kms", region, s.account, name, false)), Err: err}
	}
	if err != nil {
		return "", err
	}
	return k.ID, nil
}

// validID reports whether id has the form of a key id (a UUID in its
// canonical 36-character form).
func validID(id string) bool { return len(id) == 36 && uuid.Validate(id) == nil }

func malformedRef(ref string) error {
	return arca.Errorf(arca.EKeyInvalid, "Invalid keyId '%s'", ref)
}

func missingKey(region, account, id string) error {
	return arca.Errorf(arca.EKeyInvalid, "Key '%s' does not exist", arca.ARN("kms", region, account, "key/"+id, false))
}

// load reads key id of region. A key pending deletion whose date has passed
// is gone, even before the purger removes its record.
func (s *Service) load(tx storage.Tx, region, id string) (*Key, error) {
	v, err := s.recs.Read(tx, keyKey(region, id), decodeKey)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, missingKey(region, s.account, id)
	}
	if err != nil {
		return nil, keyError(id, err)
	}
	k := *v
	if k.State == StatePendingDeletion && !s.now().Before(k.DeletionDate) {
		return nil, missingKey(region, s.account, id)
	}
	return &k, nil
}

// decode turns a stored record into a Key, reusing the cached decode while
// the bytes are unchanged. The result shares its slices with the cache:
// callers that change a key work on a clone (see update). raw may be the
// store's own bytes (storage.Peek): the cache keeps a copy.
func (s *Service) decode(region, id string, raw []byte) (*Key, error) {
	v, err := s.recs.Get(keyKey(region, id), raw, decodeKey)
	if err != nil {
		return nil, keyError(id, err)
	}
	k := *v
	return &k, nil
}

func decodeKey(raw []byte) (*Key, error) {
	var k Key
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, err
	}
	return &k, nil
}

// keyError words a failure to read key id's record.
func keyError(id string, err error) error {
	return arca.Internal(fmt.Errorf("read key %s: %w", id, err))
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

// update runs fn on the key that ref names (a key id or key ARN) in a
// read-write transaction and saves it when fn returns nil.
func (s *Service) update(ctx context.Context, region, ref string, fn func(tx storage.Tx, k *Key) error) (*Key, error) {
	var out *Key
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		k, err := s.resolve(tx, region, ref, false)
		if err != nil {
			return err
		}
		if err := s.authorizeKey(ctx, tx, k, ""); err != nil {
			return err
		}
		k = k.clone()
		if err := fn(tx, k); err != nil {
			return err
		}
		out = k
		return s.save(tx, k)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// view runs fn on the key that ref names in a read-only transaction; with
// aliases, ref may also be an alias. An AWS-managed key that does not exist
// yet is created on first use, as AWS does: the view is then run again in a
// read-write transaction.
func (s *Service) view(ctx context.Context, region, ref string, aliases bool, fn func(tx storage.Tx, k *Key) error) error {
	run := func(tx storage.Tx) error {
		k, err := s.resolve(tx, region, ref, aliases)
		if err != nil {
			return err
		}
		if err := s.authorizeKey(ctx, tx, k, ""); err != nil {
			return err
		}
		return fn(tx, k)
	}
	return s.read(ctx, run)
}

// read runs fn in a read-only transaction, and again in a read-write one
// when it needs to write (to create an AWS-managed key on first use).
func (s *Service) read(ctx context.Context, fn func(tx storage.Tx) error) error {
	err := s.store.View(ctx, fn)
	if errors.Is(err, storage.ErrReadOnly) {
		err = s.store.Update(ctx, fn)
	}
	return err
}

// forget drops the cached record and material of a deleted key.
func (s *Service) forget(region, id string) {
	s.recs.Forget(keyKey(region, id))
	prefix := region + "/" + id + "/"
	s.mu.Lock()
	for k := range s.ready {
		if strings.HasPrefix(k, prefix) {
			delete(s.ready, k)
		}
	}
	s.mu.Unlock()
}
