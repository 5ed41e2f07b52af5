package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

const (
	beginWrite = "BEGIN ISOLATION LEVEL SERIALIZABLE"
	beginRead  = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
)

// write is a buffered Put (value) or Delete (del).
type write struct {
	value []byte
	del   bool
}

// tx is a storage.Tx on one pooled connection, acquired at the first
// statement. BEGIN is sent with the first statement; writes wait in
// pending until a List or the commit sends them.
type tx struct {
	ctx      context.Context
	s        *Store
	conn     *pgxpool.Conn
	writable bool
	begun    bool
	pending  map[string]write
	failed   error // the first database error; the transaction is dead
	done     bool
}

func newTx(ctx context.Context, s *Store, writable bool) *tx {
	return &tx{ctx: ctx, s: s, writable: writable}
}

func (t *tx) check(write bool) error {
	switch {
	case t.done:
		return engine.ErrTxDone
	case write && !t.writable:
		return storage.ErrReadOnly
	case t.failed != nil:
		return t.failed
	}
	return nil
}

// Get implements storage.Tx.
func (t *tx) Get(key []byte) ([]byte, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	if w, ok := t.pending[string(key)]; ok {
		if w.del {
			return nil, storage.ErrNotFound
		}
		return engine.Clone(w.value), nil
	}
	if engine.CheckKey(key) != nil {
		return nil, storage.ErrNotFound // no such key can be stored
	}
	var v []byte
	found := false
	err := t.send(false, t.s.sql.get, []any{key}, func(rows pgx.Rows) error {
		for rows.Next() {
			found = true
			if err := rows.Scan(&v); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	switch {
	case err != nil:
		return nil, err
	case !found:
		return nil, storage.ErrNotFound
	}
	return v, nil // Scan copied it, and never yields nil for bytea
}

// Put implements storage.Tx.
func (t *tx) Put(key, value []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	if err := engine.CheckKey(key); err != nil {
		return err
	}
	t.buffer(key, write{value: engine.Clone(value)})
	return nil
}

// Delete implements storage.Tx.
func (t *tx) Delete(key []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	if len(key) > 0 && len(key) <= engine.MaxKeyLen { // no other key can exist
		t.buffer(key, write{del: true})
	}
	return nil
}

func (t *tx) buffer(key []byte, w write) {
	if t.pending == nil {
		t.pending = make(map[string]write)
	}
	t.pending[string(key)] = w
}

// List implements storage.Tx. Buffered writes are sent in the same
// pipeline, ahead of the query, so that it sees them.
func (t *tx) List(prefix, after []byte, limit int) ([]storage.KV, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	start, exclusive := engine.Start(prefix, after)
	if start == nil {
		start = []byte{} // nil would be sent as NULL
	}
	end := engine.PrefixEnd(prefix)
	if end != nil && bytes.Compare(start, end) >= 0 {
		return nil, nil
	}
	var lim *int64
	if limit > 0 {
		n := int64(limit)
		lim = &n
	}
	args := []any{start, lim}
	sql := t.s.sql.list[b2i(exclusive)][b2i(end != nil)]
	if end != nil {
		args = append(args, end)
	}
	var out []storage.KV
	err := t.send(true, sql, args, func(rows pgx.Rows) error {
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			out = append(out, storage.KV{Key: k, Value: v}) // Scan copied them
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// send sends, in one pipeline: BEGIN if not yet sent, the buffered writes
// if flush is set, and the query sql, whose rows read consumes. Any error
// kills the transaction.
func (t *tx) send(flush bool, sql string, args []any, read func(pgx.Rows) error) error {
	b, flushed := t.batch(flush)
	b.Queue(sql, args...)
	err := t.exec(b, flushed, func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		defer rows.Close()
		return read(rows)
	})
	if err != nil {
		t.failed = fmt.Errorf("postgres: %w", err)
		return t.failed
	}
	return nil
}

// batch starts a pipeline with BEGIN if it is due and, when flush is set,
// the buffered writes in key order (so that transactions lock rows in the
// same order). flushed reports whether it holds writes.
func (t *tx) batch(flush bool) (b *pgx.Batch, flushed bool) {
	b = &pgx.Batch{}
	switch {
	case t.begun:
	case t.writable:
		b.Queue(beginWrite)
	default:
		b.Queue(beginRead)
	}
	if !flush || len(t.pending) == 0 {
		return b, false
	}
	keys := make([]string, 0, len(t.pending))
	for k := range t.pending {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var putKeys, putValues, delKeys [][]byte
	for _, k := range keys {
		if w := t.pending[k]; w.del {
			delKeys = append(delKeys, []byte(k))
		} else {
			putKeys, putValues = append(putKeys, []byte(k)), append(putValues, w.value)
		}
	}
	if len(putKeys) > 0 {
		b.Queue(t.s.sql.upsert, putKeys, putValues)
	}
	if len(delKeys) > 0 {
		b.Queue(t.s.sql.remove, delKeys)
	}
	return b, true
}

// exec sends b, expecting every queued statement but the last to be an
// Exec, and lets last read the final result. Once the server has taken
// the batch, flushed writes are no longer pending.
func (t *tx) exec(b *pgx.Batch, flushed bool, last func(pgx.BatchResults) error) error {
	if t.conn == nil {
		conn, err := t.s.pool.Acquire(t.ctx)
		if err != nil {
			return err
		}
		t.conn = conn
	}
	br := t.conn.SendBatch(t.ctx, b)
	// Past this point BEGIN may have reached the server even on error;
	// rollback asks the connection.
	t.begun = true
	n := b.Len()
	for range n - 1 {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return err
		}
	}
	err := last(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err == nil && flushed {
		clear(t.pending)
	}
	return err
}

// end commits the transaction: for an Update the buffered writes and
// COMMIT travel together. A transaction that never reached the server
// sends nothing.
func (t *tx) end() {
	if !t.begun && len(t.pending) == 0 {
		return
	}
	b, flushed := t.batch(true)
	b.Queue("COMMIT")
	err := t.exec(b, flushed, func(br pgx.BatchResults) error {
		tag, err := br.Exec()
		if err == nil && tag.String() != "COMMIT" {
			err = errors.New("commit: transaction was rolled back")
		}
		return err
	})
	if err != nil {
		t.failed = fmt.Errorf("postgres: commit: %w", err)
	}
}

// rollback ends a transaction that is still open on the server. If that
// fails the pool drops the connection on release.
func (t *tx) rollback() {
	if t.conn == nil {
		return
	}
	if status := t.conn.Conn().PgConn().TxStatus(); status == 'T' || status == 'E' {
		_, _ = t.conn.Exec(t.ctx, "ROLLBACK")
	}
}

// release returns the connection to the pool; the pool closes it if a
// transaction is still open (after a panic in fn).
func (t *tx) release() {
	t.done = true
	if t.conn != nil {
		t.conn.Release()
		t.conn = nil
	}
}
