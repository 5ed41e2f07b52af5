// Package bolt is the single-file storage engine, built on go.etcd.io/bbolt.
// It keeps every pair in one bucket of a file that one process at a time may
// open.
//
// Updates are group-committed (see group.go): the Updates that arrive
// while a commit runs share the next transaction and so one fsync. That is
// why fn may run more than once: when one function in a batch fails, the
// batch is rolled back and rerun without it. Every Update that returns nil
// has been fsynced, so it survives a crash of the machine.
//
// This package must not import arca's core packages.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

// Defaults for the zero values of Options.
const (
	// DefaultLockTimeout is how long Open waits for another process to
	// release the file.
	DefaultLockTimeout = 2 * time.Second

	// DefaultMaxBatchSize caps how many Updates share one commit.
	DefaultMaxBatchSize = 1000

	// DefaultInitialMmapSize is the address space mapped at Open. Until
	// the file outgrows it, writers never wait for open read
	// transactions to end before remapping.
	DefaultInitialMmapSize = 1 << 30
)

// ErrLocked is returned by Open when another process still holds the
// database file after Options.LockTimeout.
var ErrLocked = errors.New("bolt: database file is locked by another process")

// bucket is the one bucket that holds every pair.
var bucket = []byte("arca")

// Options configures Open. The zero value (or nil) is ready to use.
type Options struct {
	// LockTimeout bounds how long Open waits for the file lock held by
	// another process (default DefaultLockTimeout).
	LockTimeout time.Duration

	// MaxBatchSize is the most Updates one commit carries; a full batch
	// commits at once (default DefaultMaxBatchSize).
	MaxBatchSize int

	// InitialMmapSize is the size of the initial memory map in bytes
	// (default DefaultInitialMmapSize).
	InitialMmapSize int
}

func (o *Options) withDefaults() Options {
	var out Options
	if o != nil {
		out = *o
	}
	if out.LockTimeout <= 0 {
		out.LockTimeout = DefaultLockTimeout
	}
	if out.MaxBatchSize <= 0 {
		out.MaxBatchSize = DefaultMaxBatchSize
	}
	if out.InitialMmapSize <= 0 {
		out.InitialMmapSize = DefaultInitialMmapSize
	}
	return out
}

// Store is a storage.Store in one bbolt file. It is safe for concurrent use.
type Store struct {
	db     *bbolt.DB
	gate   engine.Gate
	commit *committer
}

var (
	_ storage.Store  = (*Store)(nil)
	_ storage.Pinger = (*Store)(nil)
)

// Open opens or creates the database file at path with mode 0600. When
// another process holds the file, Open fails after opts.LockTimeout with
// an error wrapping ErrLocked. opts may be nil.
func Open(path string, opts *Options) (*Store, error) {
	o := opts.withDefaults()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout: o.LockTimeout,
		// Commits skip writing the freelist (less to write per fsync);
		// Open rebuilds it by scanning the file instead.
		NoFreelistSync:  true,
		FreelistType:    bbolt.FreelistMapType,
		InitialMmapSize: o.InitialMmapSize,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s (waited %s: %w)", ErrLocked, path, o.LockTimeout, err)
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucket)
		return err
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("bolt: open %s: create bucket: %w", path, err)
	}
	return &Store{db: db, commit: newCommitter(db, o.MaxBatchSize)}, nil
}

// View runs fn in a read-only transaction. It returns storage.ErrClosed
// after Close, ctx.Err() if ctx is done before fn starts, and otherwise
// fn's error.
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(btx *bbolt.Tx) error {
		tx := &tx{b: btx.Bucket(bucket)}
		defer tx.finish()
		return fn(tx)
	})
}

// Update runs fn in a read-write transaction, possibly shared with
// concurrent Updates, and returns once the commit is fsynced. fn may run
// more than once. It returns storage.ErrClosed after Close, ctx.Err() if ctx
// is done before fn starts, fn's error unchanged, or a bbolt error from the
// commit. ctx is not consulted once fn has started.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.commit.do(fn)
}

// Ping reports whether the store is open and its file readable; it returns
// storage.ErrClosed after Close.
func (s *Store) Ping(ctx context.Context) error {
	return s.View(ctx, func(storage.Tx) error { return nil })
}

// Close waits for running transactions, then closes the file. Later calls
// to View and Update return storage.ErrClosed; later calls to Close return
// nil.
func (s *Store) Close() error {
	if !s.gate.Close() {
		return nil
	}
	s.commit.close()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("bolt: close: %w", err)
	}
	return nil
}
