package audit

import (
	"context"
	"sync"
	"time"
)

// DiscardSink seals records as every sink does (the events are built,
// encoded, hashed and chained) and then drops them. It exists for one
// purpose: the benchmark that measures what durable audit costs, by
// comparing a server on a real sink with one on this. A server refuses it
// outside dev mode (see server.AuditConfig).
type DiscardSink struct {
	mu   sync.Mutex
	head Head
}

// NewDiscardSink returns a sink that keeps nothing.
func NewDiscardSink() *DiscardSink { return &DiscardSink{} }

var _ Immediate = (*DiscardSink)(nil)

// Immediate implements audit.Immediate: Append keeps nothing.
func (*DiscardSink) Immediate() {}

// Append implements Sink: it seals and chains the records, then drops them.
func (d *DiscardSink) Append(ctx context.Context, seal func(Head) ([]Record, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	recs, err := seal(d.head)
	if err != nil {
		return err
	}
	h := d.head
	for i := range recs {
		if h, err = h.Next(&recs[i]); err != nil {
			return err
		}
	}
	d.head = h
	return nil
}

// Scan implements Source: there is nothing to read.
func (d *DiscardSink) Scan(ctx context.Context, from, to uint64, fn func(*Record) error) error {
	return ctx.Err()
}

// Head implements Source.
func (d *DiscardSink) Head(context.Context) (Head, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.head, nil
}

// Locate implements Source.
func (d *DiscardSink) Locate(context.Context, time.Time) (uint64, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.head.Seq + 1, nil
}

// LastCheckpoint implements Source.
func (d *DiscardSink) LastCheckpoint(context.Context, uint64) (uint64, error) { return 0, nil }

// Prune implements Sink.
func (d *DiscardSink) Prune(context.Context, uint64) error { return nil }

// Close implements Sink.
func (d *DiscardSink) Close() error { return nil }
