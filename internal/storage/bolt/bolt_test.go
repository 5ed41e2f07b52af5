package bolt_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/bolt"
	"github.com/arca-vault/arca/internal/storage/storagetest"
)

func open(t testing.TB, path string, opts *bolt.Options) *bolt.Store {
	t.Helper()
	s, err := bolt.Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		return open(t, filepath.Join(t.TempDir(), "arca.db"), nil)
	})
}

func TestOpen_locked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arca.db")
	open(t, path, nil)
	start := time.Now()
	_, err := bolt.Open(path, &bolt.Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, bolt.ErrLocked) {
		t.Fatalf("second Open = %v, want an error wrapping ErrLocked", err)
	}
	t.Logf("second Open: %v", err)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %s", d)
	}
}

func TestOpen_fileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arca.db")
	open(t, path, nil)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("file mode = %v, want 0600", mode)
	}
}

func TestStore_reopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arca.db")
	s, err := bolt.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(t.Context(), func(tx storage.Tx) error { return tx.Put([]byte("k"), []byte("v")) })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, path, nil)
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	err = s.View(t.Context(), func(tx storage.Tx) error {
		v, err := tx.Get([]byte("k"))
		if err == nil && string(v) != "v" {
			t.Errorf("Get(k) = %q after reopening, want v", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
