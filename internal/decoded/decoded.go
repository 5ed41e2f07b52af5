// Package decoded keeps the decoded forms of stored records on read
// paths. Decoding a record's JSON is a large part of a read's cost, and
// records rarely change. An entry is used only while the stored bytes are
// identical to the bytes it was decoded from, so a cache can never serve
// stale or foreign data; it only spares the decode. Cached values are
// shared and must not be modified: write paths decode afresh.
package decoded

import (
	"bytes"
	"sync"
)

// entries bounds a cache; it is cleared wholesale when full.
const entries = 1 << 14

// Cache maps a record's key to its decoded form. The zero value is ready
// to use, and a nil *Cache decodes every time. It is safe for concurrent
// use.
type Cache[T any] struct {
	mu sync.RWMutex
	m  map[string]entry[T]
}

type entry[T any] struct {
	raw []byte
	v   *T
}

// Get returns the decoded form of raw (stored under key), decoding it only
// when the cache holds other bytes for key. raw may be the store's own
// bytes (storage.Peek): the cache keeps, and decodes, a copy of them.
func (c *Cache[T]) Get(key, raw []byte, decode func([]byte) (*T, error)) (*T, error) {
	if c == nil {
		return decode(raw)
	}
	c.mu.RLock()
	e, ok := c.m[string(key)]
	c.mu.RUnlock()
	if ok && bytes.Equal(e.raw, raw) {
		return e.v, nil
	}
	raw = bytes.Clone(raw)
	v, err := decode(raw)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= entries {
		c.m = make(map[string]entry[T], 1024)
	}
	c.m[string(key)] = entry[T]{raw: raw, v: v}
	c.mu.Unlock()
	return v, nil
}
