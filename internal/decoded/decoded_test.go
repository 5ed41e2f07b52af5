package decoded_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/storage"
)

// atoi is a decode function that counts its calls in *n.
func atoi(n *int) func([]byte) (*int, error) {
	return func(raw []byte) (*int, error) {
		*n++
		v, err := strconv.Atoi(string(raw))
		return &v, err
	}
}

func TestCache(t *testing.T) {
	decodes := 0
	decode := atoi(&decodes)
	var c decoded.Cache[int]
	key := []byte("k")
	raw := []byte("41")
	a, err := c.Get(key, raw, decode)
	if err != nil || *a != 41 {
		t.Fatalf("Get = %v, %v", a, err)
	}
	raw[1] = '2' // the store's bytes change in place: the cache kept its own copy
	b, _ := c.Get(key, []byte("41"), decode)
	if b != a || decodes != 1 {
		t.Errorf("same bytes: decoded %d times, shared %v; want once, shared", decodes, b == a)
	}
	if v, _ := c.Get(key, raw, decode); *v != 42 || decodes != 2 {
		t.Errorf("changed bytes: got %d after %d decodes, want 42 after 2", *v, decodes)
	}
	if _, err := c.Get([]byte("bad"), []byte("x"), decode); err == nil {
		t.Error("a decode error was not returned")
	}
	var none *decoded.Cache[int]
	if v, _ := none.Get(key, []byte("7"), decode); *v != 7 {
		t.Errorf("nil cache: got %d", *v)
	}
}

// fakeTx is a storage.Tx over a map that counts reads and names a
// generation when named is set.
type fakeTx struct {
	data  map[string][]byte
	gen   uint64
	named bool
	reads int
}

func (f *fakeTx) Get(key []byte) ([]byte, error) {
	f.reads++
	v, ok := f.data[string(key)]
	if !ok {
		return nil, storage.ErrNotFound
	}
	return append([]byte(nil), v...), nil
}
func (f *fakeTx) Put(key, value []byte) error { f.data[string(key)] = value; return nil }
func (f *fakeTx) Delete(key []byte) error     { delete(f.data, string(key)); return nil }
func (f *fakeTx) List(prefix, after []byte, limit int) ([]storage.KV, error) {
	return nil, nil
}
func (f *fakeTx) Generation() (uint64, bool) { return f.gen, f.named }

// TestCache_Read: at a generation where an entry is known to match, Read
// does not touch the store; at any other, or without generations, it
// reads and compares; a changed record is decoded again, a missing one
// reports storage.ErrNotFound.
func TestCache_Read(t *testing.T) {
	decodes := 0
	decode := atoi(&decodes)
	var c decoded.Cache[int]
	tx := &fakeTx{data: map[string][]byte{"k": []byte("1")}, gen: 7, named: true}
	read := func(want int) {
		t.Helper()
		v, err := c.Read(tx, []byte("k"), decode)
		if err != nil || *v != want {
			t.Fatalf("Read = %v, %v; want %d", v, err, want)
		}
	}
	read(1)
	if tx.reads != 1 || decodes != 1 {
		t.Fatalf("first read: %d reads, %d decodes", tx.reads, decodes)
	}
	read(1)
	if tx.reads != 1 {
		t.Fatalf("same generation: the store was read again (%d reads)", tx.reads)
	}
	tx.gen = 8 // something else committed: compare, no decode
	read(1)
	read(1)
	if tx.reads != 2 || decodes != 1 {
		t.Fatalf("new generation, same bytes: %d reads, %d decodes; want 2, 1", tx.reads, decodes)
	}
	tx.gen, tx.data["k"] = 9, []byte("2")
	read(2)
	if decodes != 2 {
		t.Fatalf("changed bytes: %d decodes", decodes)
	}
	tx.gen = 8 // an older snapshot, still open somewhere: its own bytes
	tx.data["k"] = []byte("1")
	read(1)
	tx.named = false // no generations (an Update, or PostgreSQL): always read
	before := tx.reads
	read(1)
	read(1)
	if tx.reads != before+2 {
		t.Fatalf("without a generation: %d reads, want %d", tx.reads, before+2)
	}
	if _, err := c.Read(tx, []byte("missing"), decode); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("missing key: %v", err)
	}
	var none *decoded.Cache[int]
	tx.named = true
	if v, err := none.Read(tx, []byte("k"), decode); err != nil || *v != 1 {
		t.Fatalf("nil cache: %v, %v", v, err)
	}
	c.Forget([]byte("k"))
	before = decodes
	read(1)
	if decodes != before+1 {
		t.Fatal("Forget kept the entry")
	}
}
