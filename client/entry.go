package client

import (
	"context"
	"time"
)

// key identifies an entry: a secret at a stage, or a parameter.
type key struct {
	kind  byte // 's' secret, 'p' parameter
	id    string
	stage string
}

// entry is one cached value and its refresh state; every field is
// guarded by Cache.mu.
type entry struct {
	key        key
	val        any // *SecretValue or *Parameter; nil until first loaded
	version    string
	err        error // the last failure when there is no value
	expires    time.Time
	nextTry    time.Time // no new attempt before this after a failure
	backoff    time.Duration
	loading    chan struct{} // closed when a synchronous load ends
	refreshing bool
}

// loader reads an entry's value from the server; old is the version held
// (empty when none), and same reports that it is still current.
type loader func(ctx context.Context, old string) (val any, version string, same bool, err error)

// get returns the entry's value, loading or refreshing it as needed.
func (c *Cache) get(ctx context.Context, k key, load loader) (any, error) {
	c.mu.Lock()
	for {
		e := c.entry(k)
		now := c.opts.Now()
		switch {
		case e.val != nil && now.Before(e.expires):
			if c.opts.RefreshAhead > 0 && !now.Before(e.expires.Add(-c.opts.RefreshAhead)) && !e.refreshing && !now.Before(e.nextTry) {
				c.refreshInBackground(e, load)
			}
			v := e.val
			c.mu.Unlock()
			return v, nil
		case e.val != nil && (now.Before(e.nextTry) || e.refreshing):
			v := e.val // stale, while failures back off or a refresh runs
			c.mu.Unlock()
			return v, nil
		case e.val == nil && e.err != nil && now.Before(e.nextTry):
			err := e.err
			c.mu.Unlock()
			return nil, err
		}
		if e.loading != nil {
			ch := e.loading
			c.mu.Unlock()
			select {
			case <-ch:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			c.mu.Lock()
			continue
		}
		e.loading = make(chan struct{})
		old := e.version
		c.mu.Unlock()
		val, ver, same, err := load(ctx, old)
		c.mu.Lock()
		c.apply(e, val, ver, same, err)
		close(e.loading)
		e.loading = nil
		v, ferr := e.val, e.err
		c.mu.Unlock()
		if v != nil {
			return v, nil // fresh, or stale after a failed refresh
		}
		return nil, ferr
	}
}

// entry finds or creates k's entry, marking it most recently used and
// evicting the least recently used ones beyond MaxEntries. c.mu is held.
func (c *Cache) entry(k key) *entry {
	if el, ok := c.items[k]; ok {
		c.lru.MoveToFront(el)
		return el.Value.(*entry)
	}
	e := &entry{key: k}
	c.items[k] = c.lru.PushFront(e)
	for c.lru.Len() > c.opts.MaxEntries {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.items, old.Value.(*entry).key)
	}
	return e
}

// apply records a load's result. c.mu is held.
func (c *Cache) apply(e *entry, val any, ver string, same bool, err error) {
	now := c.opts.Now()
	if err != nil {
		if e.backoff == 0 {
			e.backoff = c.opts.MinBackoff
		} else {
			e.backoff = min(2*e.backoff, c.opts.MaxBackoff)
		}
		e.nextTry = now.Add(e.backoff)
		if e.val == nil {
			e.err = err
		}
		return
	}
	if !same {
		e.val, e.version = val, ver
	}
	e.err, e.backoff, e.nextTry = nil, 0, time.Time{}
	e.expires = now.Add(c.opts.TTL)
}

// refreshInBackground starts one refresh of e. c.mu is held.
func (c *Cache) refreshInBackground(e *entry, load loader) {
	e.refreshing = true
	old := e.version
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), c.opts.RequestTimeout)
		defer cancel()
		val, ver, same, err := load(ctx, old)
		c.mu.Lock()
		defer c.mu.Unlock()
		e.refreshing = false
		c.apply(e, val, ver, same, err)
	}()
}
