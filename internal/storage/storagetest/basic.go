package storagetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
)

func testGetPutDelete(t *testing.T, s storage.Store) {
	put(t, s, []byte("a"), []byte("1"), []byte("b"), []byte("2"))
	wantValue(t, s, []byte("a"), []byte("1"))
	wantValue(t, s, []byte("b"), []byte("2"))

	put(t, s, []byte("a"), []byte("one"))
	wantValue(t, s, []byte("a"), []byte("one"))

	update(t, s, func(tx storage.Tx) error { return tx.Delete([]byte("a")) })
	wantAbsent(t, s, []byte("a"))
	wantValue(t, s, []byte("b"), []byte("2"))
}

func testNotFound(t *testing.T, s storage.Store) {
	view(t, s, func(tx storage.Tx) error {
		if _, err := tx.Get([]byte("missing")); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Get(missing) error = %v, want ErrNotFound", err)
		}
		return nil
	})
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Delete([]byte("missing")); err != nil {
			t.Errorf("Delete(missing) = %v, want nil", err)
		}
		return nil
	})
}

func testEmptyValue(t *testing.T, s storage.Store) {
	put(t, s, []byte("nil"), nil, []byte("empty"), []byte{})
	wantValue(t, s, []byte("nil"), []byte{})
	wantValue(t, s, []byte("empty"), []byte{})
	for _, kv := range list(t, s) {
		if kv.Value == nil || len(kv.Value) != 0 {
			t.Errorf("List value of %q = %#v, want empty non-nil", kv.Key, kv.Value)
		}
	}
}

func testBinaryKeys(t *testing.T, s storage.Store) {
	keys := [][]byte{
		{0x00}, {0x00, 0x00}, {0x00, 0xff}, {0x7f}, {0x80},
		{0xff}, {0xff, 0x00}, {0xff, 0xff}, {'a', 0x00, 'b'},
	}
	for i, k := range keys {
		put(t, s, k, []byte{byte(i), 0x00, 0xff})
	}
	for i, k := range keys {
		wantValue(t, s, k, []byte{byte(i), 0x00, 0xff})
	}
	got := list(t, s)
	if len(got) != len(keys) {
		t.Fatalf("List returned %d pairs, want %d", len(got), len(keys))
	}
	for i := 1; i < len(got); i++ {
		if bytes.Compare(got[i-1].Key, got[i].Key) >= 0 {
			t.Fatalf("List not in ascending byte order: %s", formatKVs(got))
		}
	}
}

func testKeyLength(t *testing.T, s storage.Store) {
	longest := bytes.Repeat([]byte{0xab}, 1024)
	put(t, s, longest, []byte("ok"))
	wantValue(t, s, longest, []byte("ok"))

	for name, key := range map[string][]byte{
		"nil":       nil,
		"empty":     {},
		"too_long":  bytes.Repeat([]byte{0xab}, 1025),
		"very_long": bytes.Repeat([]byte{'k'}, 40000),
	} {
		update(t, s, func(tx storage.Tx) error {
			err := tx.Put(key, []byte("v"))
			if err == nil || errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrReadOnly) {
				t.Errorf("Put(%s key) error = %v, want a key length error", name, err)
			}
			return nil
		})
	}
	if got := list(t, s); len(got) != 1 {
		t.Fatalf("after rejected Puts List = %s, want only the 1024-byte key", formatKVs(got))
	}
}

func testLargeValue(t *testing.T, s storage.Store) {
	v := make([]byte, 1<<20)
	for i := range v {
		v[i] = byte(i * 7)
	}
	put(t, s, []byte("big"), v)
	wantValue(t, s, []byte("big"), v)
}

func testCallerOwned(t *testing.T, s storage.Store) {
	key, value := []byte("owned"), []byte("original")
	update(t, s, func(tx storage.Tx) error {
		k, v := bytes.Clone(key), bytes.Clone(value)
		if err := tx.Put(k, v); err != nil {
			return err
		}
		k[0], v[0] = 'X', 'X' // the engine must have copied both
		return nil
	})
	wantValue(t, s, key, value)

	var held []storage.KV
	view(t, s, func(tx storage.Tx) error {
		v, err := tx.Get(key)
		if err != nil {
			return err
		}
		v[0] = 'X'
		if again, err := tx.Get(key); err != nil || !bytes.Equal(again, value) {
			t.Errorf("Get after mutating a returned slice = %q, %v; want %q", again, err, value)
		}
		held, err = tx.List(nil, nil, 0)
		return err
	})
	// Slices must stay valid after the transaction, even once the engine
	// has written over the pages they came from.
	for i := range 200 {
		put(t, s, key, bytes.Repeat([]byte{byte(i)}, 64))
	}
	wantKVs(t, "List result held across later writes", held, []storage.KV{{Key: key, Value: value}})
	held[0].Key[0], held[0].Value[0] = 'X', 'X'
	wantValue(t, s, key, bytes.Repeat([]byte{199}, 64))
}

func testTxAfterReturn(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("v"))
	var leaked storage.Tx
	update(t, s, func(tx storage.Tx) error { leaked = tx; return nil })
	if err := leaked.Put([]byte("k"), []byte("late")); err == nil {
		t.Errorf("Put on a Tx after Update returned succeeded")
	}
	if err := leaked.Delete([]byte("k")); err == nil {
		t.Errorf("Delete on a Tx after Update returned succeeded")
	}
	if _, err := leaked.Get([]byte("k")); err == nil {
		t.Errorf("Get on a Tx after Update returned succeeded")
	}
	view(t, s, func(tx storage.Tx) error { leaked = tx; return nil })
	if _, err := leaked.List(nil, nil, 0); err == nil {
		t.Errorf("List on a Tx after View returned succeeded")
	}
	wantValue(t, s, []byte("k"), []byte("v"))
}

// testPeek: storage.Peek reads what Get reads (present, absent, empty),
// in a View and in an Update, including the transaction's own writes.
func testPeek(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("v1"), []byte("empty"), []byte{})
	view(t, s, func(tx storage.Tx) error {
		v, err := storage.Peek(tx, []byte("k"))
		if err != nil || !bytes.Equal(v, []byte("v1")) {
			t.Errorf("Peek(k) = %q, %v; want v1", v, err)
		}
		held := v
		if v, err := storage.Peek(tx, []byte("empty")); err != nil || v == nil || len(v) != 0 {
			t.Errorf("Peek(empty) = %#v, %v; want empty non-nil", v, err)
		}
		if _, err := storage.Peek(tx, []byte("missing")); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Peek(missing) error = %v, want ErrNotFound", err)
		}
		if cap(held) != len(held) {
			t.Errorf("Peek result has room to append into (cap %d, len %d)", cap(held), len(held))
		}
		return nil
	})
	update(t, s, func(tx storage.Tx) error {
		if err := tx.Put([]byte("k"), []byte("v2")); err != nil {
			return err
		}
		if v, err := storage.Peek(tx, []byte("k")); err != nil || !bytes.Equal(v, []byte("v2")) {
			t.Errorf("Peek after Put in the same Update = %q, %v; want v2", v, err)
		}
		return nil
	})
	wantValue(t, s, []byte("k"), []byte("v2"))
}

// testGeneration: an engine whose Views name a generation (storage.
// Generationer) keeps it while nothing commits, changes it with every
// commit and not with a rolled-back Update, never offers one inside an
// Update, and two Views of one generation read the same data. Engines
// without generations pass by reporting none.
func testGeneration(t *testing.T, s storage.Store) {
	gen := func() (uint64, bool) {
		var g uint64
		var ok bool
		view(t, s, func(tx storage.Tx) error {
			g, ok = storage.Generation(tx)
			return nil
		})
		return g, ok
	}
	update(t, s, func(tx storage.Tx) error {
		if _, ok := storage.Generation(tx); ok {
			t.Error("an Update's transaction named a generation")
		}
		return tx.Put([]byte("k"), []byte("v1"))
	})
	g1, ok := gen()
	if !ok {
		t.Skip("the engine names no generations")
	}
	if g, _ := gen(); g != g1 {
		t.Fatalf("generation moved without a commit: %d then %d", g1, g)
	}
	if err := s.Update(t.Context(), func(tx storage.Tx) error {
		if err := tx.Put([]byte("k"), []byte("rolled back")); err != nil {
			return err
		}
		return errBoom
	}); !errors.Is(err, errBoom) {
		t.Fatalf("Update: %v, want errBoom", err)
	}
	if g, _ := gen(); g != g1 {
		t.Fatalf("a rolled-back Update moved the generation: %d then %d", g1, g)
	}
	seen := map[uint64]bool{g1: true}
	for i := range 3 {
		update(t, s, func(tx storage.Tx) error { return tx.Put([]byte("k"), []byte{byte('a' + i)}) })
		g, _ := gen()
		if seen[g] {
			t.Fatalf("commit %d: generation %d seen before", i, g)
		}
		seen[g] = true
	}
	// Two Views of one generation read the same bytes.
	var a, b []byte
	var ga, gb uint64
	view(t, s, func(tx storage.Tx) error {
		ga, _ = storage.Generation(tx)
		a, _ = tx.Get([]byte("k"))
		return nil
	})
	view(t, s, func(tx storage.Tx) error {
		gb, _ = storage.Generation(tx)
		b, _ = tx.Get([]byte("k"))
		return nil
	})
	if ga == gb && !bytes.Equal(a, b) {
		t.Fatalf("generation %d read %q and %q", ga, a, b)
	}
	// After the transaction's function returned, it names nothing.
	var held storage.Tx
	view(t, s, func(tx storage.Tx) error { held = tx; return nil })
	if _, ok := storage.Generation(held); ok {
		t.Error("a finished transaction still names a generation")
	}
}
