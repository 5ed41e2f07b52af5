package audit

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/arca-vault/arca"
)

// maintain asks for interval checkpoints and prunes by retention.
func (l *Log) maintain() {
	defer close(l.maint)
	pruning := l.cfg.Retention > 0 || l.cfg.MaxRecords > 0
	if pruning {
		l.prune()
	}
	t := time.NewTicker(l.cfg.CheckpointInterval)
	defer t.Stop()
	// A bound on the count is checked often: at thousands of events a
	// second, a minute is far past it.
	var bound <-chan time.Time
	if l.cfg.MaxRecords > 0 {
		b := time.NewTicker(min(l.cfg.CheckpointInterval, 2*time.Second))
		defer b.Stop()
		bound = b.C
	}
	for {
		select {
		case <-l.closing:
			return
		case <-t.C:
			p := &pending{force: true, done: make(chan error, 1)}
			select {
			case l.reqs <- p:
			default: // the writer is busy: records are flowing anyway
			}
			if pruning {
				l.prune()
			}
		case <-bound:
			l.prune()
		}
	}
}

func (l *Log) prune() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*l.cfg.Timeout)
	defer cancel()
	if _, err := l.Prune(ctx); err != nil {
		l.cfg.Log.Warn("audit retention: prune failed", "err", err)
	}
}

// write is the single writer: it takes every request queued while the
// previous append ran and appends them in one batch (group commit).
func (l *Log) write() {
	defer close(l.stopped)
	batch := make([]*pending, 0, maxBatch)
	for {
		batch = batch[:0]
		select {
		case p := <-l.reqs:
			batch = append(batch, p)
		case <-l.closing:
			l.drain(batch)
			return
		}
		// Yield once before taking the rest: request goroutines that are
		// runnable now are typically on their way to submitting a record,
		// and one more record in this flush costs nothing while one in the
		// next costs its caller a whole flush. With nothing else runnable
		// (a lone request) this returns at once. Measured side by side:
		// durable-audit reads +8% at 32 connections, +12% at 128, and 7-12
		// µs less CPU per read (fewer, fuller flushes); yielding again
		// while records keep coming was worse (docs/benchmarks.md).
		runtime.Gosched()
	fill:
		for len(batch) < maxBatch {
			select {
			case p := <-l.reqs:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		l.fmu.Lock()
		l.flush(batch, false)
		l.fmu.Unlock()
	}
}

// drain writes what is queued at Close, and a final checkpoint.
func (l *Log) drain(batch []*pending) {
	for {
		select {
		case p := <-l.reqs:
			batch = append(batch, p)
			if len(batch) < maxBatch {
				continue
			}
		default:
		}
		l.fmu.Lock()
		l.flush(batch, true)
		l.fmu.Unlock()
		if len(batch) < maxBatch {
			return
		}
		batch = batch[:0]
	}
}

// flush appends one batch and answers its callers.
func (l *Log) flush(batch []*pending, final bool) {
	live := batch[:0:0]
	force := final
	for _, p := range batch {
		switch {
		case p.force:
			force = true
			live = append(live, p)
		case p.kind == 0:
			live = append(live, p) // a probe
		case !p.gone.Load():
			live = append(live, p)
		}
	}
	if len(live) == 0 && !force {
		return
	}
	var written []Record
	seal := func(h Head) ([]Record, error) {
		recs := written[:0]
		t := l.cfg.Now().UTC()
		if t.Before(h.Time) {
			t = h.Time // times never go backwards, even across nodes with skewed clocks
		}
		add := func(r Record) error {
			var err error
			r.Time = t
			r.Seq, r.Prev = h.Seq+1, h.Hash
			if h, err = h.Next(&r); err != nil {
				return err
			}
			recs = append(recs, r)
			return nil
		}
		for _, p := range live {
			if p.kind == 0 {
				continue
			}
			if err := add(Record{Kind: p.kind, ID: p.id, Payload: p.payload}); err != nil {
				return nil, err
			}
			if h.Seq-h.Checkpoint >= uint64(l.cfg.CheckpointEvery) {
				cp, err := newCheckpoint(l.cfg.Signer, h, t)
				if err != nil {
					return nil, err
				}
				if err := add(cp); err != nil {
					return nil, err
				}
			}
		}
		if force && h.Seq > h.Checkpoint {
			cp, err := newCheckpoint(l.cfg.Signer, h, t)
			if err != nil {
				return nil, err
			}
			if err := add(cp); err != nil {
				return nil, err
			}
		}
		written = recs
		return recs, nil
	}
	err := l.append(seal)
	if err != nil {
		l.cfg.Log.Error("audit append failed", "records", len(live), "err", err)
		n := 0
		for _, p := range live {
			if p.kind != 0 {
				n++
			}
			p.done <- &arca.Error{Code: arca.EUnavailable, Message: "audit log: the record could not be written", Err: err}
		}
		l.failures.Add(uint64(n))
		return
	}
	l.appends.Add(1)
	l.records.Add(uint64(len(written)))
	for _, p := range live {
		if p.ev != nil && l.cfg.Observe != nil {
			l.cfg.Observe(p.ev)
		}
		p.done <- nil
	}
}

// append hands seal to the sink, bounded by Timeout and marked busy for
// Healthy while it runs, and keeps its outcome for Healthy. An Immediate
// sink only copies into memory and cannot stall: it gets neither the
// deadline nor the busy clock, which would cost two clock reads and a
// timer on every request of a --dev server.
func (l *Log) append(seal func(Head) ([]Record, error)) error {
	if l.immediate {
		err := l.sink.Append(context.Background(), seal)
		l.mu.Lock()
		l.lastErr = err
		l.mu.Unlock()
		return err
	}
	l.mu.Lock()
	l.busySince = time.Now()
	l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.Timeout)
	err := l.sink.Append(ctx, seal)
	cancel()
	l.mu.Lock()
	l.busySince = time.Time{}
	l.lastErr = err
	l.mu.Unlock()
	return err
}

// errStop ends a Scan early.
var errStop = errors.New("stop")
