package identity

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// ErrUnknownKey is returned (wrapped in an *arca.Error with code
// EUnauthenticated) for an access key id that does not exist or is not
// active, and for a session token that does not match its key.
var ErrUnknownKey = errors.New("identity: unknown or inactive access key")

// ErrExpiredToken is returned (wrapped in an *arca.Error with code
// EUnauthenticated) for temporary credentials past their expiry.
var ErrExpiredToken = errors.New("identity: expired security token")

// Access key states.
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// AccessKey is an access key record; the secret is wrapped by the root key.
type AccessKey struct {
	ID            string    `json:"id"`
	Principal     string    `json:"principal"` // "root" for the account's root, "user" for an IAM user
	UserName      string    `json:"user,omitempty"`
	UserID        string    `json:"user_id,omitempty"`
	Status        string    `json:"status"`
	Created       time.Time `json:"created"`
	WrappedSecret []byte    `json:"secret"`
}

// Service is the identity core: principals, their credentials and their
// policies.
type Service struct {
	store   storage.Store
	root    *keyring.Root
	account string
	region  string
	now     func() time.Time

	// Unwrapped secrets, reused while the stored record's bytes are
	// unchanged (package decoded): a disabled or deleted key changes or
	// removes the record, so it stops working on the next request.
	keys     decoded.Cache[unwrappedKey]
	sessions sync.Map // id -> cachedSession
	// Parsed policy documents by their bytes (see docCache).
	docs docCache
	// Decoded managed-policy records by name, while their bytes are
	// unchanged (see readPolicy). Bounded by the number of policies.
	policies sync.Map // name -> cachedPolicy
	entities sync.Map // entity key -> cachedRecord (see readRecord)
	// Compiled policy sets by principal, valid while the IAM generation
	// is unchanged (see generation.go).
	sets policySetCache
	// When each access key was last used, in memory; written to the store
	// at most once per lastUsedEvery per key.
	lastUsed sync.Map // id -> LastUsed
}

// unwrappedKey is an access key's decoded record and its secret.
type unwrappedKey struct {
	key    *AccessKey
	secret []byte
}

// Config holds what a Service needs.
type Config struct {
	Store   storage.Store
	Root    *keyring.Root
	Account string
	// Region gives the partition of IAM ARNs (IAM is global: its ARNs carry
	// no region); default us-east-1.
	Region string
	Now    func() time.Time
}

// New returns a Service.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	region := c.Region
	if region == "" {
		region = "us-east-1"
	}
	return &Service{store: c.Store, root: c.Root, account: c.Account, region: region, now: now}
}

// Account returns the account id.
func (s *Service) Account() string { return s.account }

func accessKeyKey(id string) []byte { return []byte("iam/ak/" + id) }

func secretAAD(id string) []byte { return keyring.AAD("access-key", id) }

// CreateRootKey stores an access key for the root principal. With id and
// secret empty, fresh ones are generated (AKIA... / 40 characters); given,
// they are used as they are (dev mode's test/test). It returns the id and
// secret, which the caller shows once. Errors: EExists.
func (s *Service) CreateRootKey(ctx context.Context, id, secret string) (string, string, error) {
	if id == "" {
		id, secret = "AKIA"+randomString(16, upperAlnum), randomString(40, secretChars)
	}
	k, err := s.newKey(id, secret, "root", "", "")
	if err != nil {
		return "", "", err
	}
	err = s.update(ctx, func(tx storage.Tx) error { return putNewKey(tx, k) })
	if err != nil {
		return "", "", err
	}
	return id, secret, nil
}

func (s *Service) newKey(id, secret, principal, user, userID string) (*AccessKey, error) {
	wrapped, err := s.root.Wrap([]byte(secret), secretAAD(id))
	if err != nil {
		return nil, arca.Internal(err)
	}
	return &AccessKey{ID: id, Principal: principal, UserName: user, UserID: userID, Status: StatusActive, Created: s.now().UTC(), WrappedSecret: wrapped}, nil
}

func putNewKey(tx storage.Tx, k *AccessKey) error {
	if _, err := tx.Get(accessKeyKey(k.ID)); err == nil {
		return arca.Errorf(arca.EExists, "access key %s already exists", k.ID)
	}
	return putKey(tx, k)
}

func putKey(tx storage.Tx, k *AccessKey) error {
	raw, err := json.Marshal(k)
	if err != nil {
		return arca.Internal(err)
	}
	return tx.Put(accessKeyKey(k.ID), raw)
}

// HasKey reports whether the access key id exists.
func (s *Service) HasKey(ctx context.Context, id string) (bool, error) {
	found := false
	err := s.view(ctx, func(tx storage.Tx) error {
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
