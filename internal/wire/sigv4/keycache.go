package sigv4

import (
	"crypto/sha256"
	"crypto/subtle"
	"sync"
)

// KeyCache keeps derived signing keys, so that the four HMACs of the
// derivation run once per access key, day, region and service rather than
// once per request (AWS's own services and SDKs cache them the same way).
// An entry is used only while the secret it was derived from is unchanged:
// it holds the secret's SHA-256, compared in constant time, never the
// secret. The zero value is ready to use; it is safe for concurrent use.
type KeyCache struct {
	mu sync.RWMutex
	m  map[keyScope]*cachedKey
}

// keyCacheEntries bounds the cache; it is cleared wholesale when full (a
// day's scopes of a few thousand keys fit).
const keyCacheEntries = 4096

type keyScope struct{ accessKeyID, date, region, service string }

type cachedKey struct {
	secret [sha256.Size]byte // SHA-256 of the secret the key was derived from
	key    [sha256.Size]byte
}

// signingKey returns the signing key of secret for the scope, from the
// cache when it holds one derived from the same secret. c may be nil.
func (c *KeyCache) signingKey(accessKeyID string, secret []byte, date, region, service string) [sha256.Size]byte {
	if c == nil {
		return signingKey(secret, date, region, service)
	}
	scope := keyScope{accessKeyID, date, region, service}
	sum := sha256.Sum256(secret)
	defer clear(sum[:])
	c.mu.RLock()
	e := c.m[scope]
	c.mu.RUnlock()
	if e != nil && subtle.ConstantTimeCompare(e.secret[:], sum[:]) == 1 {
		return e.key
	}
	key := signingKey(secret, date, region, service)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= keyCacheEntries {
		c.m = make(map[keyScope]*cachedKey)
	}
	c.m[scope] = &cachedKey{secret: sum, key: key}
	c.mu.Unlock()
	return key
}
