package bolt

import (
	"bytes"

	bbolt "go.etcd.io/bbolt"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

// tx is a storage.Tx over the store's bucket. bbolt's slices point into the
// memory map and die with the transaction, so everything returned is copied,
// and so is everything put (bbolt keeps Put's slices until commit).
type tx struct {
	b        *bbolt.Bucket
	writable bool
	done     bool
}

// Generation implements storage.Generationer: bbolt's transaction id, which
// every committed write transaction advances and a read-only transaction
// takes from the snapshot it reads. A read-write transaction has none.
func (t *tx) Generation() (uint64, bool) {
	if t.writable || t.done {
		return 0, false
	}
	return uint64(t.b.Tx().ID()), true
}

// finish invalidates the transaction: touching a bbolt bucket after its
// transaction ended can read unmapped memory.
func (t *tx) finish() { t.done = true }

func (t *tx) check(write bool) error {
	switch {
	case t.done:
		return engine.ErrTxDone
	case write && !t.writable:
		return storage.ErrReadOnly
	}
	return nil
}

// Get implements storage.Tx: Peek's bytes, copied.
func (t *tx) Get(key []byte) ([]byte, error) {
	v, err := t.Peek(key)
	if err != nil {
		return nil, err
	}
	return engine.Clone(v), nil
}

// Peek implements storage.Peeker with bbolt's own slice: it points into
// the memory map and is valid until the transaction writes or ends.
func (t *tx) Peek(key []byte) ([]byte, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	v := t.b.Get(key)
	if v == nil {
		return nil, storage.ErrNotFound
	}
	return v[:len(v):len(v)], nil
}

// Put implements storage.Tx.
func (t *tx) Put(key, value []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	if err := engine.CheckKey(key); err != nil {
		return err
	}
	return t.b.Put(engine.Clone(key), engine.Clone(value))
}

// Delete implements storage.Tx.
func (t *tx) Delete(key []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	if len(key) == 0 {
		return nil // bbolt rejects it; no such key can exist
	}
	return t.b.Delete(key)
}

// List implements storage.Tx.
func (t *tx) List(prefix, after []byte, limit int) ([]storage.KV, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	start, exclusive := engine.Start(prefix, after)
	c := t.b.Cursor()
	k, v := c.Seek(start)
	if exclusive && k != nil && bytes.Equal(k, start) {
		k, v = c.Next()
	}
	var out []storage.KV
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if limit > 0 && len(out) == limit {
			break
		}
		out = append(out, storage.KV{Key: engine.Clone(k), Value: engine.Clone(v)})
	}
	return out, nil
}
