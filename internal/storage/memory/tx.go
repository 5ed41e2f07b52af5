package memory

import (
	"bytes"

	"github.com/google/btree"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/internal/engine"
)

// tx is a storage.Tx over one tree: the published snapshot for a View, a
// private clone for an Update.
type tx struct {
	tree     *btree.BTreeG[item]
	writable bool
	done     bool
	gen      uint64 // the snapshot's generation, when hasGen (a View)
	hasGen   bool
}

// Generation implements storage.Generationer: the number of commits
// before the snapshot a View reads. An Update's transaction has none.
func (t *tx) Generation() (uint64, bool) {
	if !t.hasGen || t.done {
		return 0, false
	}
	return t.gen, true
}

// finish invalidates the transaction once its function has returned, so
// that a leaked Tx cannot modify a tree that is now shared.
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

// Peek implements storage.Peeker: stored values are never modified (Put
// stores a copy, a later Put replaces the slice), so the stored slice
// itself is returned, capped so that an append cannot write into it.
func (t *tx) Peek(key []byte) ([]byte, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	it, ok := t.tree.Get(item{key: key})
	if !ok {
		return nil, storage.ErrNotFound
	}
	return it.value[:len(it.value):len(it.value)], nil
}

// Put implements storage.Tx.
func (t *tx) Put(key, value []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	if err := engine.CheckKey(key); err != nil {
		return err
	}
	t.tree.ReplaceOrInsert(item{key: engine.Clone(key), value: engine.Clone(value)})
	return nil
}

// Delete implements storage.Tx.
func (t *tx) Delete(key []byte) error {
	if err := t.check(true); err != nil {
		return err
	}
	t.tree.Delete(item{key: key})
	return nil
}

// List implements storage.Tx.
func (t *tx) List(prefix, after []byte, limit int) ([]storage.KV, error) {
	if err := t.check(false); err != nil {
		return nil, err
	}
	start, exclusive := engine.Start(prefix, after)
	var out []storage.KV
	t.tree.AscendGreaterOrEqual(item{key: start}, func(it item) bool {
		if !bytes.HasPrefix(it.key, prefix) {
			return false
		}
		if exclusive && bytes.Equal(it.key, start) {
			return true
		}
		out = append(out, storage.KV{Key: engine.Clone(it.key), Value: engine.Clone(it.value)})
		return limit <= 0 || len(out) < limit
	})
	return out, nil
}
