package postgres

import (
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
)

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
