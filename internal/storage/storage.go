// Package storage is the contract between arca's core and the engines that
// keep its bytes: an ordered, transactional key-value store.
//
// Storage is dumb and untrusted. Engines see only opaque keys and values
// (every secret value is sealed before it gets here) and implement no rules.
// Engines must not import arca's core packages; the core must not import an
// engine. Every engine runs storagetest.Run.
package storage

import (
	"context"
	"errors"
)

// ErrNotFound is returned by Tx.Get for a key that is absent.
var ErrNotFound = errors.New("storage: key not found")

// ErrReadOnly is returned by Put and Delete inside a View transaction.
var ErrReadOnly = errors.New("storage: write in a read-only transaction")

// ErrClosed is returned by View and Update after Close.
var ErrClosed = errors.New("storage: store is closed")

// Store is a transactional ordered key-value store.
//
// Update runs fn in a read-write transaction and commits it when fn returns
// nil; when Update returns nil the change is durable (it survives a crash of
// the process and, for engines that say so, of the machine). A non-nil error
// from fn rolls the transaction back and is returned unchanged. Engines may
// run fn more than once (to retry a serialization conflict or to share one
// commit among concurrent callers), so fn must have no effects outside tx
// other than assigning results that a later run overwrites.
//
// View runs fn in a read-only transaction that sees one consistent snapshot:
// all of each commit that happened before it, and nothing committed later.
//
// Both return ctx.Err() when ctx is done before fn starts, and ErrClosed
// after Close. A panic in fn propagates to the caller, and the transaction
// is rolled back. Close waits for running transactions; calling it again
// returns nil.
type Store interface {
	View(ctx context.Context, fn func(Tx) error) error
	Update(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is a transaction. It is valid only inside the function it was passed
// to, and must not be used from another goroutine. Byte slices returned by
// Get and List are owned by the caller and stay valid after the transaction.
type Tx interface {
	// Get returns the value of key, or ErrNotFound. An empty value is
	// returned as an empty, non-nil slice.
	Get(key []byte) ([]byte, error)
	// Put sets key to value. Keys are 1..1024 bytes (Put returns an error
	// for any other length); values may be empty. Put copies both slices.
	// In a View it returns ErrReadOnly.
	Put(key, value []byte) error
	// Delete removes key; deleting an absent key is not an error. In a View
	// it returns ErrReadOnly.
	Delete(key []byte) error
	// List returns, in ascending byte order, up to limit pairs whose key
	// starts with prefix and sorts strictly after after (nil or empty: from
	// the start of prefix). limit <= 0 means no limit.
	List(prefix, after []byte, limit int) ([]KV, error)
}

// Peeker is implemented by transactions that can return a stored value
// without copying it. Hot read paths use it (through Peek) for values they
// decode or copy at once.
type Peeker interface {
	// Peek is Get without the copy. The slice must not be modified, and is
	// valid only until the transaction writes or its function returns.
	Peek(key []byte) ([]byte, error)
}

// Peek returns key's value from tx without a copy when tx is a Peeker, and
// tx.Get's copy otherwise. Either way the caller must treat the result as
// Peeker.Peek's: read-only, and not kept past the transaction's next write
// or its end.
func Peek(tx Tx, key []byte) ([]byte, error) {
	if p, ok := tx.(Peeker); ok {
		return p.Peek(key)
	}
	return tx.Get(key)
}

// Generationer is implemented by the read-only transactions of engines
// that can name the committed state they read: Generation changes with
// every committed write, so two transactions of one Store that report the
// same generation read identical data. Caches of decoded records use it to
// skip reading a record again when nothing can have changed (package
// decoded). A read-write transaction reports none (its own writes are not
// part of any committed state), and so does an engine that other processes
// write to (PostgreSQL).
type Generationer interface {
	// Generation returns the state's generation, or false when the
	// transaction cannot name one.
	Generation() (uint64, bool)
}

// Generation returns tx's generation when tx is a Generationer that names
// one.
func Generation(tx Tx) (uint64, bool) {
	if g, ok := tx.(Generationer); ok {
		return g.Generation()
	}
	return 0, false
}

// KV is one key-value pair returned by Tx.List.
type KV struct {
	Key, Value []byte
}

// Pinger is implemented by engines that can report whether they are reachable
// without a transaction, for /ready.
type Pinger interface {
	Ping(ctx context.Context) error
}
