// Package memory is an in-memory storage engine: an ordered copy-on-write
// B-tree behind the storage.Store contract. It keeps nothing across
// restarts, so it is for tests and for trying arca out.
//
// Update runs fn once against an O(1) clone of the tree, under a single
// writer mutex, and publishes the clone only when fn succeeds; a failed fn
// leaves nothing behind. View reads the published tree, which is never
// modified again, so readers never block writers or each other.
//
// This package must not import arca's core packages.
package memory

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"

	"github.com/google/btree"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

// degree is the B-tree degree; 32 is the google/btree recommendation for
// in-memory trees of byte slices.
const degree = 32

// item is one key-value pair in the tree. Items are never modified after
// insertion: Put replaces the item.
type item struct {
	key, value []byte
}

func less(a, b item) bool { return bytes.Compare(a.key, b.key) < 0 }

// Store is an in-memory storage.Store. It is safe for concurrent use.
type Store struct {
	gate engine.Gate

	// mu serializes writers. master is the latest committed tree; only
	// writers touch it (Clone writes to the tree it clones, so readers
	// must never share it).
	mu     sync.Mutex
	master *btree.BTreeG[item]

	// snapshot is a clone of master taken at each commit, with the
	// commit's generation; View reads it and nobody ever writes to it.
	snapshot atomic.Pointer[published]
	gen      uint64 // commits so far; guarded by mu
}

// published is a committed state: its tree and generation.
type published struct {
	tree *btree.BTreeG[item]
	gen  uint64
}

var _ storage.Store = (*Store)(nil)

// New returns an empty, ready Store.
func New() *Store {
	s := &Store{master: btree.NewG(degree, less)}
	s.snapshot.Store(&published{tree: s.master.Clone()})
	return s
}

// View runs fn against the latest committed snapshot. It returns
// storage.ErrClosed after Close, ctx.Err() if ctx is done before fn starts,
// and otherwise fn's error.
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	p := s.snapshot.Load()
	tx := &tx{tree: p.tree, gen: p.gen, hasGen: true}
	defer tx.finish()
	return fn(tx)
}

// Update runs fn once in a read-write transaction and commits it if fn
// returns nil. It returns storage.ErrClosed after Close, ctx.Err() if ctx is
// done before fn starts, and otherwise fn's error unchanged. Changes are
// durable only for the life of the process.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := ctx.Err(); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &tx{tree: s.master.Clone(), writable: true}
	defer tx.finish()
	if err := fn(tx); err != nil {
		return err
	}
	s.master = tx.tree
	s.gen++
	s.snapshot.Store(&published{tree: tx.tree.Clone(), gen: s.gen})
	return nil
}

// Close makes later View and Update calls fail with storage.ErrClosed,
// after waiting for running ones. It always returns nil and may be called
// more than once.
func (s *Store) Close() error {
	s.gate.Close()
	return nil
}
