package identity

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// ErrUnknownKey is returned (wrapped in an *arca.Error with code
// EUnauthenticated) for an access key id that does not exist or is not
// active.
var ErrUnknownKey = errors.New("identity: unknown or inactive access key")

// Access key states.
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// AccessKey is an access key record; the secret is wrapped by the root key.
type AccessKey struct {
	ID            string    `json:"id"`
	Principal     string    `json:"principal"` // "root" for the account's root
	Status        string    `json:"status"`
	Created       time.Time `json:"created"`
	WrappedSecret []byte    `json:"secret"`
}

// Service resolves access keys to principals.
type Service struct {
	store   storage.Store
	root    *keyring.Root
	account string
	now     func() time.Time

	// Unwrapped secrets, reused while the stored record's bytes are
	// unchanged: a disabled or deleted key changes or removes the record,
	// so it stops working on the next request.
	cache sync.Map // id -> cachedKey
}

type cachedKey struct {
	raw    []byte
	secret []byte
	key    *AccessKey
}

// Config holds what a Service needs.
type Config struct {
	Store   storage.Store
	Root    *keyring.Root
	Account string
	Now     func() time.Time
}

// New returns a Service.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Service{store: c.Store, root: c.Root, account: c.Account, now: now}
}

func accessKeyKey(id string) []byte { return []byte("iam/ak/" + id) }

func secretAAD(id string) []byte { return keyring.AAD("access-key", id) }

// CreateRootKey stores an access key for the root principal. With id and
// secret empty, fresh ones are generated (AKIA... / 40 characters); given,
// they are used as they are (dev mode's test/test). It returns the id and
// secret, which the caller shows once.
func (s *Service) CreateRootKey(ctx context.Context, id, secret string) (string, string, error) {
	if id == "" {
		id, secret = "AKIA"+randomString(16, upperAlnum), randomString(40, secretChars)
	}
	wrapped, err := s.root.Wrap([]byte(secret), secretAAD(id))
	if err != nil {
		return "", "", arca.Internal(err)
	}
	k := AccessKey{ID: id, Principal: "root", Status: StatusActive, Created: s.now().UTC(), WrappedSecret: wrapped}
	raw, err := json.Marshal(k)
	if err != nil {
		return "", "", arca.Internal(err)
	}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(accessKeyKey(id)); err == nil {
			return arca.Errorf(arca.EExists, "access key %s already exists", id)
		}
		return tx.Put(accessKeyKey(id), raw)
	})
	if err != nil {
		return "", "", err
	}
	return id, secret, nil
}

// HasKey reports whether the access key id exists.
func (s *Service) HasKey(ctx context.Context, id string) (bool, error) {
	found := false
	err := s.store.View(ctx, func(tx storage.Tx) error {
		_, err := tx.Get(accessKeyKey(id))
		if err == nil {
			found = true
			return nil
		}
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		return err
	})
	return found, err
}

// lookup returns the active key and its secret.
func (s *Service) lookup(ctx context.Context, id string) (*AccessKey, []byte, error) {
	var raw []byte
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		raw, err = tx.Get(accessKeyKey(id))
		return err
	})
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil, &arca.Error{Code: arca.EUnauthenticated, Message: "The security token included in the request is invalid.", Err: ErrUnknownKey}
	}
	if err != nil {
		return nil, nil, &arca.Error{Code: arca.EUnavailable, Message: "credential store unavailable", Err: err}
	}
	if c, ok := s.cache.Load(id); ok && bytes.Equal(c.(cachedKey).raw, raw) {
		ck := c.(cachedKey)
		return s.active(ck.key, ck.secret)
	}
	var k AccessKey
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, nil, arca.Internal(fmt.Errorf("decode access key: %w", err))
	}
	secret, err := s.root.Unwrap(k.WrappedSecret, secretAAD(id))
	if err != nil {
		return nil, nil, arca.Internal(fmt.Errorf("unwrap access key %s: %w", id, err))
	}
	s.cache.Store(id, cachedKey{raw: raw, secret: secret, key: &k})
	return s.active(&k, secret)
}

func (s *Service) active(k *AccessKey, secret []byte) (*AccessKey, []byte, error) {
	if k.Status != StatusActive {
		return nil, nil, &arca.Error{Code: arca.EUnauthenticated, Message: "The security token included in the request is invalid.", Err: ErrUnknownKey}
	}
	return k, secret, nil
}

// Secret returns the secret access key of an active key, for signature
// verification. Errors: EUnauthenticated wrapping ErrUnknownKey.
func (s *Service) Secret(ctx context.Context, id string) ([]byte, error) {
	_, secret, err := s.lookup(ctx, id)
	return secret, err
}

// Caller returns the principal of an active access key as a caller in
// region. The wire layer fills in the request facts (source, agent, id).
func (s *Service) Caller(ctx context.Context, id, region string) (*arca.Caller, error) {
	k, _, err := s.lookup(ctx, id)
	if err != nil {
		return nil, err
	}
	if k.Principal != "root" {
		return nil, arca.Internal(fmt.Errorf("access key %s has unknown principal %q", id, k.Principal))
	}
	return &arca.Caller{
		Account: s.account, Region: region, ARN: arca.ARN("iam", region, s.account, "root", true),
		PrincipalID: s.account, Type: "Root", AccessKeyID: id,
	}, nil
}

const (
	upperAlnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// randomString draws n characters from alphabet (whose length divides 256,
// so that there is no modulo bias) using crypto/rand.
func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
