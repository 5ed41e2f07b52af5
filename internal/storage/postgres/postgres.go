// Package postgres is the shared storage engine: every pair is a row of one
// PostgreSQL table (key bytea primary key, value bytea not null), reached
// through a pgxpool.
//
// Update runs fn in a SERIALIZABLE transaction and reruns it, with jittered
// backoff, when PostgreSQL reports a serialization failure or a deadlock;
// View runs in a READ ONLY REPEATABLE READ transaction. To save round trips
// the transaction's BEGIN travels with its first statement, and Puts and
// Deletes are buffered and sent in one pipeline with the next List or with
// the COMMIT; Get answers buffered keys itself. A blind write is thus one
// round trip, and every read one more. An Update that returns nil is as
// durable as the server's synchronous_commit setting makes it.
//
// This package must not import arca's core packages.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

// Defaults for the zero values of Options.
const (
	// DefaultTable is the table that holds the pairs.
	DefaultTable = "arca_kv"

	// DefaultMaxAttempts bounds how often Update runs fn when transactions
	// keep conflicting.
	DefaultMaxAttempts = 20
)

// Backoff between attempts: full jitter over an exponential ceiling.
const (
	backoffBase = time.Millisecond
	backoffMax  = 100 * time.Millisecond
)

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// Options configures Open. The zero value (or nil) is ready to use.
type Options struct {
	// Table is the unquoted name of the table, created if absent (default
	// DefaultTable). It must match [A-Za-z_][A-Za-z0-9_]*, at most 63
	// bytes; it is resolved through the connection's search_path.
	Table string

	// MaxAttempts bounds how often Update runs fn when PostgreSQL keeps
	// reporting serialization failures or deadlocks (default
	// DefaultMaxAttempts).
	MaxAttempts int

	// MaxConns overrides the pool size given by the URL (pool_max_conns)
	// or pgxpool's default, when positive.
	MaxConns int32
}

// Store is a storage.Store in a PostgreSQL table. It is safe for
// concurrent use.
type Store struct {
	pool        *pgxpool.Pool
	sql         statements
	maxAttempts int
	gate        engine.Gate
}

var (
	_ storage.Store  = (*Store)(nil)
	_ storage.Pinger = (*Store)(nil)
)

// Open connects to the database at url (a PostgreSQL URL or keyword/value
// string as understood by pgxpool), checks that it answers, and creates the
// table if it is absent. opts may be nil.
func Open(ctx context.Context, url string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Table == "" {
		o.Table = DefaultTable
	}
	if !tableName.MatchString(o.Table) {
		return nil, fmt.Errorf("postgres: open: table name %q is not a plain identifier", o.Table)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if o.MaxConns > 0 {
		cfg.MaxConns = o.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	s := &Store{pool: pool, sql: newStatements(o.Table), maxAttempts: o.MaxAttempts}
	if _, err := pool.Exec(ctx, s.sql.create); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: create table %s: %w", o.Table, err)
	}
	return s, nil
}

// View runs fn in a read-only REPEATABLE READ transaction. It returns
// storage.ErrClosed after Close, ctx.Err() if ctx is done before fn starts,
// fn's error unchanged, or a database error (wrapping *pgconn.PgError when
// the server sent one).
func (s *Store) View(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := s.run(ctx, fn, false)
	return err
}

// Update runs fn in a SERIALIZABLE transaction and commits it. It reruns fn
// after a serialization failure or deadlock, at most Options.MaxAttempts
// times in all. It returns storage.ErrClosed after Close, ctx.Err() if ctx
// is done before fn starts or while waiting to retry, fn's error unchanged
// when it is fn's own, or a database error.
func (s *Store) Update(ctx context.Context, fn func(storage.Tx) error) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		retry, err := s.run(ctx, fn, true)
		if !retry {
			return err
		}
		if attempt >= s.maxAttempts {
			return fmt.Errorf("postgres: update: gave up after %d attempts: %w", attempt, err)
		}
		ceiling := min(backoffBase<<min(attempt-1, 16), backoffMax)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(rand.N(ceiling)):
		}
	}
}

// run runs fn once in a transaction and ends it. retry reports whether the
// transaction failed in a way that a rerun may fix.
func (s *Store) run(ctx context.Context, fn func(storage.Tx) error, writable bool) (retry bool, err error) {
	t := newTx(ctx, s, writable)
	defer t.release()
	fnErr := fn(t)
	t.done = true
	if fnErr == nil && t.failed == nil {
		t.end()
	}
	if fnErr != nil || t.failed != nil {
		t.rollback() // keeps the connection for the pool
	}
	if t.failed == nil {
		return false, fnErr
	}
	if fnErr == nil {
		fnErr = t.failed
	}
	return retryable(t.failed), fnErr
}

// retryable reports whether err is a serialization failure or a deadlock.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// Ping checks that the database answers. It returns storage.ErrClosed after
// Close.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.gate.Enter(); err != nil {
		return err
	}
	defer s.gate.Leave()
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close waits for running transactions, then closes the pool. Later calls
// to View and Update return storage.ErrClosed; later calls to Close return
// nil.
func (s *Store) Close() error {
	if s.gate.Close() {
		s.pool.Close()
	}
	return nil
}
