package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Source is a log to read: what Verify and Lookup need.
type Source interface {
	// Scan calls fn for each record with from <= Seq <= to, in ascending
	// order; to == 0 means up to the end. Records before the first one
	// kept (after pruning) are skipped silently. The record and its
	// Payload are valid only during fn. An error from fn stops the scan
	// and is returned. A record that cannot be parsed stops it with a
	// *CorruptError.
	Scan(ctx context.Context, from, to uint64, fn func(*Record) error) error
	// Head returns the head the sink keeps beside the records, updated
	// with each append; Verify compares it with the last record to detect
	// a log truncated after its last checkpoint.
	Head(ctx context.Context) (Head, error)
	// Locate returns the position of the first record whose time is at or
	// after t, or the head's position + 1 when there is none.
	Locate(ctx context.Context, t time.Time) (uint64, error)
	// LastCheckpoint returns the position of the last checkpoint record at
	// or before position at, or 0 when there is none.
	LastCheckpoint(ctx context.Context, at uint64) (uint64, error)
}

// Sink is a log to append to. Implementations: NewMemorySink, package file,
// package pgsink. A sink is safe for concurrent use; Log calls Append from
// one goroutine at a time, but several Logs (processes, nodes) may share a
// sink that supports it (pgsink).
type Sink interface {
	Source
	// Append calls seal with the current head, exclusively (no other
	// append, from any process, may land between the head that seal saw
	// and the records it returns), and durably appends the records seal
	// returns, which must continue that head (Head.Next). It returns nil
	// only when they are durable (fsync or commit done). seal may be
	// called more than once (a retried transaction); only the last call's
	// records are appended. An error from seal is returned unchanged and
	// nothing is appended. Append must not keep the records or their
	// payloads after it returns: the Log reuses the payloads' memory.
	Append(ctx context.Context, seal func(Head) ([]Record, error)) error
	// Prune removes the records before position before, which is a
	// checkpoint. Engines that remove whole files may keep some of them,
	// but the first record kept must be a checkpoint (or the first ever),
	// so that the rest still verifies.
	Prune(ctx context.Context, before uint64) error
	// Close releases the sink. Calling it again returns nil.
	Close() error
}

// CorruptError reports a record that cannot be parsed.
type CorruptError struct {
	After  uint64 // the position of the last record read intact (0: none)
	Where  string // file and offset, or row
	Reason string
}

// Error implements error.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("audit: damaged record after position %d (%s): %s", e.After, e.Where, e.Reason)
}

// ErrClosed is returned by sink methods after Close.
var ErrClosed = errors.New("audit: log is closed")
