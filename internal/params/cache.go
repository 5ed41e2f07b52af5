package params

import (
	"bytes"
	"sync"
)

// Decoding a record's JSON is a large part of a read's cost, and records
// rarely change, so reads keep decoded records in a bounded cache. An entry
// is used only while the stored bytes are identical to the bytes it was
// decoded from, so the cache can never serve stale or foreign data; it only
// spares the decode. Cached values are shared and must not be modified:
// write paths decode afresh (pass a nil *cache).

const cacheEntries = 1 << 14 // per kind; cleared wholesale when full

type cache struct {
	records  decodeCache[record]
	versions decodeCache[versionRecord]
}

type decodeCache[T any] struct {
	mu sync.RWMutex
	m  map[string]cached[T]
}

type cached[T any] struct {
	raw []byte
	v   *T
}

// get returns the decoded form of raw (stored under key), decoding it only
// when the cache holds other bytes for key. c may be nil: decode always.
// raw may be the store's own bytes (storage.Peek): the cache keeps, and
// decodes, a copy of them.
func (c *decodeCache[T]) get(key, raw []byte, decode func([]byte) (*T, error)) (*T, error) {
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
	if c.m == nil || len(c.m) >= cacheEntries {
		c.m = make(map[string]cached[T], 1024)
	}
	c.m[string(key)] = cached[T]{raw: raw, v: v}
	c.mu.Unlock()
	return v, nil
}

func (c *cache) recordCache() *decodeCache[record] {
	if c == nil {
		return nil
	}
	return &c.records
}

func (c *cache) versionCache() *decodeCache[versionRecord] {
	if c == nil {
		return nil
	}
	return &c.versions
}
