package bolt

import (
	"errors"
	"sync"

	bbolt "go.etcd.io/bbolt"

	"github.com/arca-vault/arca/internal/storage"
)

// Group commit. One committer goroutine runs every Update: it takes all the
// Updates that arrived while the previous commit was running, runs them in
// one bbolt transaction and fsyncs once for all of them. There is no timer:
// a lone Update commits at once, and under load a batch holds every writer
// that waited, so the number of Updates per fsync grows with the load.
// (bbolt's own DB.Batch closes a batch on a timer before it gets the writer
// lock, so several small batches queue behind a running commit and never
// merge; measured here it carried 7-8 Updates per fsync at any load.)

// call is one Update waiting for its commit.
type call struct {
	fn       func(storage.Tx) error
	err      error
	panicked any // fn's panic value, re-raised in the caller's goroutine
	done     chan struct{}
}

type committer struct {
	db      *bbolt.DB
	max     int
	mu      sync.Mutex
	queue   []*call
	wake    chan struct{} // capacity 1: "the queue is not empty"
	stop    chan struct{}
	stopped chan struct{}
}

func newCommitter(db *bbolt.DB, max int) *committer {
	c := &committer{db: db, max: max, wake: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.loop()
	return c
}

// do queues fn and waits for its commit.
func (c *committer) do(fn func(storage.Tx) error) error {
	cl := &call{fn: fn, done: make(chan struct{})}
	c.mu.Lock()
	c.queue = append(c.queue, cl)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	<-cl.done
	if cl.panicked != nil {
		panic(cl.panicked)
	}
	return cl.err
}

// close stops the committer; the caller guarantees no Update is pending.
func (c *committer) close() {
	close(c.stop)
	<-c.stopped
}

func (c *committer) loop() {
	defer close(c.stopped)
	for {
		select {
		case <-c.wake:
		case <-c.stop:
			return
		}
		for {
			c.mu.Lock()
			batch := c.queue
			if len(batch) > c.max {
				batch, c.queue = batch[:c.max:c.max], batch[c.max:]
			} else {
				c.queue = nil
			}
			c.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			c.commit(batch)
		}
	}
}

var errRollback = errors.New("bolt: rollback batch")

// commit runs batch in one transaction. A function that fails (or panics)
// gets its own error, and the transaction is rolled back and rerun without
// it — which is why the contract says fn may run more than once.
func (c *committer) commit(batch []*call) {
	for len(batch) > 0 {
		failed := -1
		err := c.db.Update(func(btx *bbolt.Tx) error {
			b := btx.Bucket(bucket)
			for i, cl := range batch {
				if run(cl, &tx{b: b, writable: true}) {
					failed = i
					return errRollback
				}
			}
			return nil
		})
		if failed < 0 {
			for _, cl := range batch {
				cl.err = err
				close(cl.done)
			}
			return
		}
		close(batch[failed].done)
		rest := make([]*call, 0, len(batch)-1)
		batch = append(append(rest, batch[:failed]...), batch[failed+1:]...)
	}
}

// run calls cl.fn on t and reports whether it failed; the error or panic
// is kept on cl for its caller.
func run(cl *call, t *tx) (failed bool) {
	defer func() {
		t.finish()
		if p := recover(); p != nil {
			cl.err, cl.panicked, failed = nil, p, true
		}
	}()
	cl.err, cl.panicked = cl.fn(t), nil
	return cl.err != nil
}
