package engine

import (
	"sync"

	"github.com/arca-vault/arca/internal/storage"
)

// Gate tracks the transactions running on a store so that Close can wait
// for them and later calls fail with storage.ErrClosed. The zero value is
// open.
type Gate struct {
	mu      sync.Mutex
	closed  bool
	running sync.WaitGroup
}

// Enter registers a transaction, or returns storage.ErrClosed. Every
// successful Enter must be paired with Leave.
func (g *Gate) Enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return storage.ErrClosed
	}
	g.running.Add(1)
	return nil
}

// Leave ends a transaction registered by Enter.
func (g *Gate) Leave() { g.running.Done() }

// Close refuses new transactions and waits for running ones. It reports
// whether this call closed the gate (false: it was already closed).
func (g *Gate) Close() bool {
	g.mu.Lock()
	first := !g.closed
	g.closed = true
	g.mu.Unlock()
	g.running.Wait()
	return first
}
