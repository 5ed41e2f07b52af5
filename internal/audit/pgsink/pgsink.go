// Package pgsink is the audit sink in PostgreSQL, for servers whose storage
// is PostgreSQL: several arca nodes on one database append to one chain.
//
// Two tables, created on Open: TABLE (seq bigint primary key, kind, at —
// the record time in Unix ns —, frame: the record's framing as the file
// sink writes it) and TABLE_head (one row: the chain head). An append is
// one transaction that locks the head row (SELECT … FOR UPDATE), so appends
// from every node are serialised into one chain, inserts the batch in one
// statement, and updates the head row: one commit per batch.
//
// It imports pgx and package audit only.
package pgsink

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/arca-vault/arca/internal/audit"
)

// DefaultTable is the records table; the head row is in DefaultTable_head.
const DefaultTable = "arca_audit"

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,57}$`)

// Options configures Open. The zero value (or nil) is ready to use.
type Options struct {
	// Table names the records table (default DefaultTable); the head row
	// is in Table+"_head". It must match [A-Za-z_][A-Za-z0-9_]*, at most
	// 58 bytes, and is resolved through the search_path.
	Table string
}

// Sink is an audit.Sink in PostgreSQL. It is safe for concurrent use.
type Sink struct {
	pool   *pgxpool.Pool
	own    bool // Dial made the pool: Close closes it
	recs   string
	head   string
	closed chan struct{}
	once   sync.Once
}

var _ audit.Sink = (*Sink)(nil)

// Dial connects to url and opens the sink; Close closes the connection
// pool.
func Dial(ctx context.Context, url string, opts *Options) (*Sink, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open audit sink: %w", err)
	}
	s, err := Open(ctx, pool, opts)
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.own = true
	return s, nil
}

// Open opens the sink on pool, creating its tables when absent. Close
// leaves pool open.
func Open(ctx context.Context, pool *pgxpool.Pool, opts *Options) (*Sink, error) {
	table := DefaultTable
	if opts != nil && opts.Table != "" {
		table = opts.Table
	}
	if !tableName.MatchString(table) {
		return nil, fmt.Errorf("open audit sink: invalid table name %q", table)
	}
	s := &Sink{pool: pool, recs: pgx.Identifier{table}.Sanitize(), head: pgx.Identifier{table + "_head"}.Sanitize(), closed: make(chan struct{})}
	// Nodes starting together would race on CREATE … IF NOT EXISTS: one
	// advisory lock per table name serialises them.
	h := fnv.New64a()
	h.Write([]byte("arca audit " + table))
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(h.Sum64())); err != nil {
			return err
		}
		for _, q := range []string{
			`CREATE TABLE IF NOT EXISTS ` + s.recs + ` (seq bigint PRIMARY KEY, kind smallint NOT NULL, at bigint NOT NULL, frame bytea NOT NULL)`,
			`CREATE INDEX IF NOT EXISTS ` + pgx.Identifier{table + "_at"}.Sanitize() + ` ON ` + s.recs + ` (at)`,
			`CREATE INDEX IF NOT EXISTS ` + pgx.Identifier{table + "_cp"}.Sanitize() + ` ON ` + s.recs + ` (seq) WHERE kind = 3`,
			`CREATE TABLE IF NOT EXISTS ` + s.head + ` (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash bytea NOT NULL, at bigint NOT NULL, checkpoint bigint NOT NULL)`,
			`INSERT INTO ` + s.head + ` VALUES (1, 0, '\x', 0, 0) ON CONFLICT (id) DO NOTHING`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open audit sink: create tables: %w", err)
	}
	return s, nil
}

func (s *Sink) check() error {
	select {
	case <-s.closed:
		return audit.ErrClosed
	default:
		return nil
	}
}

// readHead reads the head row, locking it inside an append.
func readHead(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, sql string) (audit.Head, error) {
	var h audit.Head
	var seq, at, cp int64
	var hash []byte
	if err := q.QueryRow(ctx, sql).Scan(&seq, &hash, &at, &cp); err != nil {
		return h, err
	}
	h.Seq, h.Checkpoint = uint64(seq), uint64(cp)
	if seq > 0 {
		if len(hash) != 32 {
			return h, errors.New("audit head row: hash is not 32 bytes")
		}
		h.Hash = [32]byte(hash)
		h.Time = time.Unix(0, at)
	}
	return h, nil
}

// Head implements audit.Source.
func (s *Sink) Head(ctx context.Context) (audit.Head, error) {
	if err := s.check(); err != nil {
		return audit.Head{}, err
	}
	return readHead(ctx, s.pool, `SELECT seq, hash, at, checkpoint FROM `+s.head+` WHERE id = 1`)
}

// Append implements audit.Sink.
func (s *Sink) Append(ctx context.Context, seal func(audit.Head) ([]audit.Record, error)) error {
	if err := s.check(); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		h, err := readHead(ctx, tx, `SELECT seq, hash, at, checkpoint FROM `+s.head+` WHERE id = 1 FOR UPDATE`)
		if err != nil {
			return err
		}
		recs, err := seal(h)
		if err != nil || len(recs) == 0 {
			return err
		}
		seqs := make([]int64, len(recs))
		kinds := make([]int16, len(recs))
		ats := make([]int64, len(recs))
		frames := make([][]byte, len(recs))
		for i := range recs {
			r := &recs[i]
			if frames[i], err = audit.AppendFrame(nil, r); err != nil {
				return err
			}
			if h, err = h.Next(r); err != nil {
				return err
			}
			seqs[i], kinds[i], ats[i] = int64(r.Seq), int16(r.Kind), r.Time.UnixNano()
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+s.recs+` (seq, kind, at, frame) SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::bytea[])`, seqs, kinds, ats, frames); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE `+s.head+` SET seq = $1, hash = $2, at = $3, checkpoint = $4 WHERE id = 1`, int64(h.Seq), h.Hash[:], h.Time.UnixNano(), int64(h.Checkpoint))
		return err
	})
}

// scanChunk is how many rows Scan fetches per query.
const scanChunk = 5000

// Scan implements audit.Source.
func (s *Sink) Scan(ctx context.Context, from, to uint64, fn func(*audit.Record) error) error {
	if err := s.check(); err != nil {
		return err
	}
	if to == 0 || to > 1<<63-1 {
		to = 1<<63 - 1
	}
	next, last := int64(from), uint64(0)
	for {
		rows, err := s.pool.Query(ctx, `SELECT seq, frame FROM `+s.recs+` WHERE seq >= $1 AND seq <= $2 ORDER BY seq LIMIT $3`, next, int64(to), scanChunk)
		if err != nil {
			return err
		}
		n := 0
		var r audit.Record
		for rows.Next() {
			var seq int64
			var frame []byte
			if err := rows.Scan(&seq, &frame); err != nil {
				rows.Close()
				return err
			}
			n++
			next = seq + 1
			where := fmt.Sprintf("%s row seq=%d", s.recs, seq)
			m, err := audit.ParseFrame(frame, &r)
			switch {
			case err != nil:
				err = &audit.CorruptError{After: last, Where: where, Reason: err.Error()}
			case m != len(frame):
				err = &audit.CorruptError{After: last, Where: where, Reason: "trailing bytes after the frame"}
			case r.Seq != uint64(seq):
				err = &audit.CorruptError{After: last, Where: where, Reason: fmt.Sprintf("the frame says position %d", r.Seq)}
			}
			if err == nil {
				err = fn(&r)
			}
			if err != nil {
				rows.Close()
				return err
			}
			last = r.Seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if n < scanChunk {
			return nil
		}
	}
}

// Locate implements audit.Source.
func (s *Sink) Locate(ctx context.Context, t time.Time) (uint64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq *int64
	// Times never decrease along the chain, so the at index finds it.
	err := s.pool.QueryRow(ctx, `SELECT seq FROM `+s.recs+` WHERE at >= $1 ORDER BY at, seq LIMIT 1`, t.UnixNano()).Scan(&seq)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, err
	}
	if seq != nil {
		return uint64(*seq), nil
	}
	h, err := s.Head(ctx)
	return h.Seq + 1, err
}

// LastCheckpoint implements audit.Source.
func (s *Sink) LastCheckpoint(ctx context.Context, at uint64) (uint64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq *int64
	if err := s.pool.QueryRow(ctx, `SELECT max(seq) FROM `+s.recs+` WHERE kind = 3 AND seq <= $1`, int64(min(at, 1<<63-1))).Scan(&seq); err != nil {
		return 0, err
	}
	if seq == nil {
		return 0, nil
	}
	return uint64(*seq), nil
}

// Prune implements audit.Sink.
func (s *Sink) Prune(ctx context.Context, before uint64) error {
	if err := s.check(); err != nil {
		return err
	}
	_, err := s.pool.Exec(ctx, `DELETE FROM `+s.recs+` WHERE seq < $1`, int64(before))
	return err
}

// Close implements audit.Sink.
func (s *Sink) Close() error {
	s.once.Do(func() {
		close(s.closed)
		if s.own {
			s.pool.Close()
		}
	})
	return nil
}
