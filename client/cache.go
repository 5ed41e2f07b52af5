package client

import (
	"container/list"
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// Defaults of Options.
const (
	DefaultTTL        = 5 * time.Minute
	DefaultMaxEntries = 1024
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 5 * time.Minute
)

// SecretsAPI is the part of *secretsmanager.Client the cache uses.
type SecretsAPI interface {
	DescribeSecret(context.Context, *sm.DescribeSecretInput, ...func(*sm.Options)) (*sm.DescribeSecretOutput, error)
	GetSecretValue(context.Context, *sm.GetSecretValueInput, ...func(*sm.Options)) (*sm.GetSecretValueOutput, error)
}

// ParametersAPI is the part of *ssm.Client the cache uses.
type ParametersAPI interface {
	GetParameter(context.Context, *ssm.GetParameterInput, ...func(*ssm.Options)) (*ssm.GetParameterOutput, error)
}

// Options configure a Cache; the zero value gives the defaults.
type Options struct {
	// TTL is how long an entry is served without asking the server
	// (default 5 minutes).
	TTL time.Duration
	// RefreshAhead: a read within RefreshAhead of an entry's expiry starts
	// a background refresh (default TTL/5; negative disables it).
	RefreshAhead time.Duration
	// MaxEntries bounds the cache (default 1024); the least recently used
	// entry is dropped first.
	MaxEntries int
	// MinBackoff and MaxBackoff bound the delay before retrying a failed
	// refresh; it doubles after each failure (defaults 1 s and 5 minutes).
	MinBackoff, MaxBackoff time.Duration
	// RequestTimeout bounds a background refresh (default 30 s).
	RequestTimeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (o *Options) setDefaults() {
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.RefreshAhead == 0 {
		o.RefreshAhead = o.TTL / 5
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = DefaultMinBackoff
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(DefaultMaxBackoff, o.MinBackoff)
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Cache caches secrets and parameters. It is safe for concurrent use.
type Cache struct {
	secrets SecretsAPI
	params  ParametersAPI
	opts    Options

	mu    sync.Mutex
	lru   *list.List // of *entry, most recently used first
	items map[key]*list.Element
	bg    sync.WaitGroup
}

// New returns a cache over the given clients; either may be nil when that
// kind of read is not used (reading it then fails).
func New(secrets SecretsAPI, params ParametersAPI, opts Options) *Cache {
	opts.setDefaults()
	return &Cache{secrets: secrets, params: params, opts: opts, lru: list.New(), items: map[key]*list.Element{}}
}

// NewFromConfig returns a cache with Secrets Manager and SSM clients built
// from cfg (set cfg.BaseEndpoint to the arca server's URL).
func NewFromConfig(cfg aws.Config, opts Options) *Cache {
	return New(sm.NewFromConfig(cfg), ssm.NewFromConfig(cfg), opts)
}

// Wait blocks until the background refreshes in flight have finished
// (for shutdown and tests).
func (c *Cache) Wait() { c.bg.Wait() }

// Len reports how many entries the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Invalidate drops every cached stage of secret id and parameter id, so
// that the next read asks the server.
func (c *Cache) Invalidate(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, el := range c.items {
		if k.id == id {
			c.lru.Remove(el)
			delete(c.items, k)
		}
	}
}
