package postgres

import (
	"bytes"
	"context"

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
