package server

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage"
)

// canaryKey holds a value wrapped by the root key at initialisation, so a
// later start with another root key fails at once and clearly instead of on
// the first read.
var canaryKey = []byte("sys/root-canary")

var canaryAAD = keyring.AAD("root-canary")

// initKeys loads or creates the root key and checks it against the store.
// The store's canary is read first: a store that was initialised refuses to
// start without its key file instead of creating a new, useless one.
func (s *Server) initKeys(ctx context.Context) error {
	var canary []byte
	err := s.store.View(ctx, func(tx storage.Tx) error {
		var err error
		canary, err = tx.Get(canaryKey)
		return err
	})
	initialised := err == nil
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("read store: %w", err)
	}
	key, err := s.loadRootKey(!initialised)
	if err != nil {
		return err
	}
	defer clear(key)
	if s.root, err = keyring.NewRoot(key); err != nil {
		return err
	}
	if initialised {
		if err := s.root.Check(canary, canaryAAD); err != nil {
			return fmt.Errorf("the root key in %s cannot decrypt this store (was it initialised with another key?): %w", s.rootKeySource(), err)
		}
		return nil
	}
	wrapped, err := s.root.Wrap([]byte("arca"), canaryAAD)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(canaryKey); err == nil {
			return nil // another node initialised it first; checked on its next start
		}
		return tx.Put(canaryKey, wrapped)
	})
}

func (s *Server) rootKeySource() string {
	if s.cfg.RootKeyFile == "" {
		return "memory"
	}
	return s.cfg.RootKeyFile
}

// loadRootKey reads the root key file. A missing file is created (mode
// 0600) only when create is set, i.e. for a store that is not initialised
// yet. Without a file (dev mode in memory) the key lives only in memory.
func (s *Server) loadRootKey(create bool) ([]byte, error) {
	path := s.cfg.RootKeyFile
	if path == "" {
		if !create {
			return nil, fmt.Errorf("this store was initialised with a root key; give it with --root-key-file")
		}
		return keyring.GenerateKey()
	}
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) != keyring.KeySize {
			return nil, fmt.Errorf("root key file %s is %d bytes, want %d", path, len(b), keyring.KeySize)
		}
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read root key: %w", err)
	}
	if !create {
		return nil, fmt.Errorf("root key file %s is missing, but this store was initialised with a root key: restore the file (or point --root-key-file at it)", path)
	}
	k, err := keyring.GenerateKey()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create root key file: %w", err)
	}
	if _, err := f.Write(k); err != nil {
		f.Close()
		return nil, fmt.Errorf("write root key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("sync root key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	s.log.Info("created root key file", "path", path)
	return k, nil
}

// Dev-mode credentials, the convention of local AWS emulators.
const (
	DevAccessKeyID     = "test"
	DevSecretAccessKey = "test"
)

// initCredentials makes sure a root access key exists: test/test in dev
// mode; a fresh random one at the first start of a persistent store, kept in
// NewAccessKeyID/NewSecretAccessKey for the caller to show once.
func (s *Server) initCredentials(ctx context.Context) error {
	if s.cfg.Dev {
		ok, err := s.identity.HasKey(ctx, DevAccessKeyID)
		if err != nil || ok {
			return err
		}
		_, _, err = s.identity.CreateRootKey(ctx, DevAccessKeyID, DevSecretAccessKey)
		return err
	}
	var initialised bool
	err := s.store.View(ctx, func(tx storage.Tx) error {
		_, err := tx.Get([]byte("sys/root-access-key"))
		initialised = err == nil
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil || initialised {
		return err
	}
	id, secret, err := s.identity.CreateRootKey(ctx, "", "")
	if err != nil {
		return err
	}
	if err := s.store.Update(ctx, func(tx storage.Tx) error { return tx.Put([]byte("sys/root-access-key"), []byte(id)) }); err != nil {
		return err
	}
	s.NewAccessKeyID, s.NewSecretAccessKey = id, secret
	return nil
}
