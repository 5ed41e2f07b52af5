package postgres_test

import (
	"errors"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/postgres"
)

// conflict runs an Update that reads k, lets another Update change k and
// commit, then writes k: a serialization failure on its first run.
func conflict(t *testing.T, s *postgres.Store) (runs int64, err error) {
	t.Helper()
	put(t, s, "k", "1")
	var n atomic.Int64
	err = s.Update(t.Context(), func(tx storage.Tx) error {
		v, err := tx.Get([]byte("k"))
		if err != nil {
			return err
		}
		if n.Add(1) == 1 {
			put(t, s, "k", "10")
		}
		i, _ := strconv.Atoi(string(v))
		return tx.Put([]byte("k"), []byte(strconv.Itoa(i+1)))
	})
	return n.Load(), err
}

func put(t *testing.T, s storage.Store, k, v string) {
	t.Helper()
	if err := s.Update(t.Context(), func(tx storage.Tx) error { return tx.Put([]byte(k), []byte(v)) }); err != nil {
		t.Fatalf("Put(%s): %v", k, err)
	}
}

func get(t *testing.T, s storage.Store, k string) string {
	t.Helper()
	var v []byte
	err := s.View(t.Context(), func(tx storage.Tx) (err error) { v, err = tx.Get([]byte(k)); return err })
	if err != nil {
		t.Fatalf("Get(%s): %v", k, err)
	}
	return string(v)
}

func TestUpdate_retriesConflict(t *testing.T) {
	s := open(t, nil)
	runs, err := conflict(t, s)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if runs != 2 {
		t.Errorf("fn ran %d times, want 2", runs)
	}
	if got := get(t, s, "k"); got != "11" {
		t.Errorf("k = %s, want 11 (the retry must see the other commit)", got)
	}
}

func TestUpdate_maxAttempts(t *testing.T) {
	s := open(t, &postgres.Options{MaxAttempts: 1})
	runs, err := conflict(t, s)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "40001" {
		t.Fatalf("Update = %v, want a serialization failure (40001)", err)
	}
	if runs != 1 {
		t.Errorf("fn ran %d times, want 1", runs)
	}
	if got := get(t, s, "k"); got != "10" {
		t.Errorf("k = %s, want 10", got)
	}
}

// TestStore_reusesConnections checks that transactions that end with an
// error from fn roll back and give their connection back to the pool.
func TestStore_reusesConnections(t *testing.T) {
	s := open(t, &postgres.Options{MaxConns: 2})
	put(t, s, "k", "v")
	before := s.NewConns()
	errFn := errors.New("fn failed")
	for range 20 {
		err := s.View(t.Context(), func(tx storage.Tx) error {
			if _, err := tx.Get([]byte("k")); err != nil {
				return err
			}
			return errFn
		})
		if err != errFn {
			t.Fatalf("View = %v, want fn's error", err)
		}
		err = s.Update(t.Context(), func(tx storage.Tx) error {
			if _, err := tx.List(nil, nil, 0); err != nil {
				return err
			}
			return errFn
		})
		if err != errFn {
			t.Fatalf("Update = %v, want fn's error", err)
		}
	}
	if opened := s.NewConns() - before; opened > 0 {
		t.Errorf("20 failed transactions opened %d new connections, want 0", opened)
	}
}
