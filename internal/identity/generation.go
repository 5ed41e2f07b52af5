package identity

import (
	"encoding/binary"
	"errors"
	"sync"

	"github.com/arca-vault/arca/internal/storage"
)

// The IAM generation: a counter in the store that every IAM write
// transaction increments (see Service.update), so that a compiled policy
// set can be reused while the counter is unchanged. It lives in the store,
// not in memory, so that a change made through any server sharing the
// store is seen on the very next request: checking it costs one small read
// instead of reading and comparing the principal, its groups and every
// attached policy. Writes that change no existing principal's permissions
// (new temporary credentials, the purge of expired ones, an access key's
// last use) go through Service.updateQuiet and leave it alone; whatever
// else writes under "iam/" must go through Service.update.
var generationKey = []byte("iam/generation")

func readGeneration(tx storage.Tx) (uint64, error) {
	raw, err := tx.Get(generationKey)
	if errors.Is(err, storage.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, nil // unreadable: start over; every cached set misses
	}
	return binary.BigEndian.Uint64(raw), nil
}

func bumpGeneration(tx storage.Tx) error {
	g, err := readGeneration(tx)
	if err != nil {
		return err
	}
	return tx.Put(generationKey, binary.BigEndian.AppendUint64(nil, g+1))
}

// policySetCache holds compiled policy sets by principal ("u/NAME" for a
// user's long-term keys and user sessions, "s/ID" for a role session), each
// with the generation it was read at.
type policySetCache struct {
	mu sync.RWMutex
	m  map[string]cachedSet
}

type cachedSet struct {
	gen uint64
	pol *Policies
}

// policySetsMax bounds the cache; it is cleared when full (sessions come
// and go).
const policySetsMax = 8192

func (c *policySetCache) get(key string, gen uint64) *Policies {
	c.mu.RLock()
	e, ok := c.m[key]
	c.mu.RUnlock()
	if !ok || e.gen != gen {
		return nil
	}
	return e.pol
}

func (c *policySetCache) put(key string, gen uint64, p *Policies) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= policySetsMax {
		c.m = make(map[string]cachedSet)
	}
	c.m[key] = cachedSet{gen: gen, pol: p}
	c.mu.Unlock()
}
