// Package decoded keeps the decoded forms of stored records on read
// paths. Decoding a record's JSON is a large part of a read's cost, and
// records rarely change. An entry is used only while the stored bytes are
// identical to the bytes it was decoded from, so a cache can never serve
// stale or foreign data; it only spares the decode. Cached values are
// shared and must not be modified: write paths decode afresh.
//
// Read goes one step further on engines whose read transactions name the
// committed state they see (storage.Generation): an entry remembers a
// generation at which the stored bytes were its own, and a read at that
// same generation — nothing committed since — takes the entry without
// reading the store at all. In a read-mostly server that spares the
// lookups and the byte comparisons of every cached record a request reads.
package decoded

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/arca-vault/arca/internal/storage"
)

// entries bounds a cache; it is cleared wholesale when full.
const entries = 1 << 14

// Cache maps a record's key to its decoded form. The zero value is ready
// to use, and a nil *Cache decodes every time. It is safe for concurrent
// use.
type Cache[T any] struct {
	mu sync.RWMutex
	m  map[string]*entry[T]
}

type entry[T any] struct {
	raw []byte
	v   *T
	// seen is 1 + a generation at which the store held raw under the
	// entry's key (0: none known). Any such generation will do: a read
	// at it reads raw.
	seen atomic.Uint64
}

// Read returns the decoded form of key's value in tx, or the error
// storage.Peek returns (storage.ErrNotFound for a missing key). When tx
// names a generation at which the entry is known to match the store, the
// store is not read.
func (c *Cache[T]) Read(tx storage.Tx, key []byte, decode func([]byte) (*T, error)) (*T, error) {
	g, named := storage.Generation(tx)
	if c != nil && named {
		c.mu.RLock()
		e := c.m[string(key)]
		c.mu.RUnlock()
		if e != nil && e.seen.Load() == g+1 {
			return e.v, nil
		}
	}
	raw, err := storage.Peek(tx, key)
	if err != nil {
		return nil, err
	}
	e, err := c.get(key, raw, decode)
	if err != nil {
		return nil, err
	}
	if e != nil && named {
		e.seen.Store(g + 1)
	}
	if e == nil {
		return decode(bytes.Clone(raw))
	}
	return e.v, nil
}

// Get returns the decoded form of raw (stored under key), decoding it only
// when the cache holds other bytes for key. raw may be the store's own
// bytes (storage.Peek): the cache keeps, and decodes, a copy of them.
func (c *Cache[T]) Get(key, raw []byte, decode func([]byte) (*T, error)) (*T, error) {
	if c == nil {
		return decode(raw)
	}
	e, err := c.get(key, raw, decode)
	if err != nil {
		return nil, err
	}
	return e.v, nil
}

// Forget drops key's entry (a record deleted for good).
func (c *Cache[T]) Forget(key []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.m, string(key))
	c.mu.Unlock()
}

// get returns the entry for raw under key, decoding and storing a copy of
// raw when the cache holds other bytes for key; nil for a nil cache.
func (c *Cache[T]) get(key, raw []byte, decode func([]byte) (*T, error)) (*entry[T], error) {
	if c == nil {
		return nil, nil
	}
	c.mu.RLock()
	e := c.m[string(key)]
	c.mu.RUnlock()
	if e != nil && bytes.Equal(e.raw, raw) {
		return e, nil
	}
	raw = bytes.Clone(raw)
	v, err := decode(raw)
	if err != nil {
		return nil, err
	}
	e = &entry[T]{raw: raw, v: v}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= entries {
		c.m = make(map[string]*entry[T], 1024)
	}
	c.m[string(key)] = e
	c.mu.Unlock()
	return e, nil
}
