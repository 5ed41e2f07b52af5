package audit

import (
	"context"
	"sort"
	"sync"
	"time"
)

// MemorySink keeps the log in memory: for --dev servers and tests. It is
// durable only as long as the process. After Close it can still be read.
type MemorySink struct {
	mu     sync.RWMutex
	recs   []Record // recs[i].Seq == first+i
	head   Head
	closed bool
}

// NewMemorySink returns an empty in-memory sink.
func NewMemorySink() *MemorySink { return &MemorySink{} }

var _ Sink = (*MemorySink)(nil)

// Append implements Sink.
func (m *MemorySink) Append(ctx context.Context, seal func(Head) ([]Record, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	recs, err := seal(m.head)
	if err != nil {
		return err
	}
	h := m.head
	for i := range recs {
		// Copy, so that the caller's buffers are not retained.
		r := recs[i]
		r.Payload = append([]byte(nil), r.Payload...)
		r.body = nil
		if h, err = h.Next(&r); err != nil {
			return err
		}
		recs[i] = r
	}
	m.recs = append(m.recs, recs...)
	m.head = h
	return nil
}

// Scan implements Source.
func (m *MemorySink) Scan(ctx context.Context, from, to uint64, fn func(*Record) error) error {
	m.mu.RLock()
	recs := m.recs // appends never change existing elements
	m.mu.RUnlock()
	if len(recs) == 0 {
		return nil
	}
	first := recs[0].Seq
	if from < first {
		from = first
	}
	last := recs[len(recs)-1].Seq
	if to == 0 || to > last {
		to = last
	}
	for s := from; s <= to; s++ {
		if (s-first)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := recs[s-first]
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// Head implements Source.
func (m *MemorySink) Head(ctx context.Context) (Head, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.head, nil
}

// Locate implements Source.
func (m *MemorySink) Locate(ctx context.Context, t time.Time) (uint64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	i := sort.Search(len(m.recs), func(i int) bool { return !m.recs[i].Time.Before(t) })
	if i == len(m.recs) {
		return m.head.Seq + 1, nil
	}
	return m.recs[i].Seq, nil
}

// LastCheckpoint implements Source.
func (m *MemorySink) LastCheckpoint(ctx context.Context, at uint64) (uint64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if len(m.recs) == 0 {
		return 0, nil
	}
	first := m.recs[0].Seq
	if at < first {
		return 0, nil
	}
	i := min(at-first, uint64(len(m.recs)-1))
	for ; ; i-- {
		if m.recs[i].Kind == KindCheckpoint {
			return m.recs[i].Seq, nil
		}
		if i == 0 {
			return 0, nil
		}
	}
}

// Prune implements Sink.
func (m *MemorySink) Prune(ctx context.Context, before uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.recs) == 0 || before <= m.recs[0].Seq {
		return nil
	}
	n := before - m.recs[0].Seq
	if n >= uint64(len(m.recs)) {
		n = uint64(len(m.recs))
	}
	m.recs = append([]Record(nil), m.recs[n:]...)
	return nil
}

// Close implements Sink.
func (m *MemorySink) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
