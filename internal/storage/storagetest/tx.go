package storagetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/storage"
)

func testRollback(t *testing.T, s storage.Store) {
	put(t, s, []byte("keep"), []byte("1"), []byte("change"), []byte("old"))
	before := list(t, s)
	err := s.Update(t.Context(), func(tx storage.Tx) error {
		for _, op := range []error{
			tx.Put([]byte("new"), []byte("x")),
			tx.Put([]byte("change"), []byte("new")),
			tx.Delete([]byte("keep")),
		} {
			if op != nil {
				return op
			}
		}
		if _, err := tx.List(nil, nil, 0); err != nil { // make engines send buffered writes
			return err
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("Update = %v, want errBoom", err)
	}
	wantKVs(t, "state after a failed Update", list(t, s), before)
}

func testFnErrorUnchanged(t *testing.T, s storage.Store) {
	if err := s.Update(t.Context(), func(storage.Tx) error { return errBoom }); err != errBoom {
		t.Errorf("Update returned %v, want fn's error unchanged", err)
	}
	if err := s.View(t.Context(), func(storage.Tx) error { return errBoom }); err != errBoom {
		t.Errorf("View returned %v, want fn's error unchanged", err)
	}
}

func testPanicRollsBack(t *testing.T, s storage.Store) {
	recovered := func() (r any) {
		defer func() { r = recover() }()
		_ = s.Update(t.Context(), func(tx storage.Tx) error {
			if err := tx.Put([]byte("panic"), []byte("x")); err != nil {
				return err
			}
			panic("storagetest: panic in fn")
		})
		return nil
	}()
	if recovered == nil {
		t.Fatalf("a panic in fn did not reach the caller of Update")
	}
	wantAbsent(t, s, []byte("panic"))
	put(t, s, []byte("after"), []byte("ok")) // the store still works
	wantValue(t, s, []byte("after"), []byte("ok"))
}

func testReadYourWrites(t *testing.T, s storage.Store) {
	put(t, s, []byte("c"), []byte("committed"))
	update(t, s, func(tx storage.Tx) error {
		steps := []struct {
			op   func() error
			key  string
			want string // "" means absent
		}{
			{func() error { return tx.Put([]byte("a"), []byte("1")) }, "a", "1"},
			{func() error { return tx.Put([]byte("a"), []byte("2")) }, "a", "2"},
			{func() error { return tx.Delete([]byte("a")) }, "a", ""},
			{func() error { return tx.Put([]byte("a"), []byte("3")) }, "a", "3"},
			{func() error { return tx.Delete([]byte("c")) }, "c", ""},
			{func() error { return tx.Put([]byte("c"), []byte("4")) }, "c", "4"},
		}
		for i, st := range steps {
			if err := st.op(); err != nil {
				return err
			}
			v, err := tx.Get([]byte(st.key))
			switch {
			case st.want == "" && !errors.Is(err, storage.ErrNotFound):
				t.Errorf("step %d: Get(%s) = %q, %v; want ErrNotFound", i, st.key, v, err)
			case st.want != "" && (err != nil || string(v) != st.want):
				t.Errorf("step %d: Get(%s) = %q, %v; want %q", i, st.key, v, err, st.want)
			}
		}
		return nil
	})
	wantValue(t, s, []byte("a"), []byte("3"))
	wantValue(t, s, []byte("c"), []byte("4"))
}

func testReadYourWritesList(t *testing.T, s storage.Store) {
	put(t, s, []byte("x/1"), []byte("1"), []byte("x/2"), []byte("2"), []byte("x/3"), []byte("3"),
		[]byte("x/4"), []byte("4"), []byte("x/5"), []byte("5"))
	kv := func(k, v string) storage.KV { return storage.KV{Key: []byte(k), Value: []byte(v)} }
	update(t, s, func(tx storage.Tx) error {
		for _, err := range []error{
			tx.Delete([]byte("x/1")), tx.Delete([]byte("x/2")),
			tx.Put([]byte("x/0"), []byte("0")), tx.Put([]byte("x/3"), []byte("three")),
		} {
			if err != nil {
				return err
			}
		}
		got, err := tx.List([]byte("x/"), nil, 2)
		if err != nil {
			return err
		}
		wantKVs(t, "List after writes in the same tx", got, []storage.KV{kv("x/0", "0"), kv("x/3", "three")})
		if err := tx.Delete([]byte("x/4")); err != nil {
			return err
		}
		got, err = tx.List([]byte("x/"), []byte("x/0"), 0)
		if err != nil {
			return err
		}
		wantKVs(t, "List after a second round of writes", got, []storage.KV{kv("x/3", "three"), kv("x/5", "5")})
		return nil
	})
}

func testViewSnapshot(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("1"))
	view(t, s, func(tx storage.Tx) error {
		if v, err := tx.Get([]byte("k")); err != nil || string(v) != "1" {
			t.Fatalf("Get(k) = %q, %v; want 1", v, err)
		}
		done := make(chan error, 1)
		go func() {
			done <- s.Update(context.Background(), func(tx storage.Tx) error {
				if err := tx.Put([]byte("k"), []byte("2")); err != nil {
					return err
				}
				return tx.Put([]byte("k2"), []byte("new"))
			})
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("concurrent Update: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Update blocked for 10s while a View was open")
		}
		if v, err := tx.Get([]byte("k")); err != nil || string(v) != "1" {
			t.Errorf("Get(k) after a concurrent commit = %q, %v; want the snapshot's 1", v, err)
		}
		if _, err := tx.Get([]byte("k2")); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("Get(k2) after a concurrent commit: error %v, want ErrNotFound", err)
		}
		kvs, err := tx.List(nil, nil, 0)
		wantKVs(t, "List after a concurrent commit", kvs, []storage.KV{{Key: []byte("k"), Value: []byte("1")}})
		return err
	})
	wantValue(t, s, []byte("k"), []byte("2"))
}

func testViewIgnoresUncommitted(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("old"))
	written, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		first := true
		done <- s.Update(context.Background(), func(tx storage.Tx) error {
			if err := tx.Put([]byte("k"), []byte("new")); err != nil {
				return err
			}
			if _, err := tx.List(nil, nil, 0); err != nil { // send buffered writes
				return err
			}
			if first {
				first = false
				close(written)
				<-release
			}
			return nil
		})
	}()
	<-written
	wantValue(t, s, []byte("k"), []byte("old"))
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Update: %v", err)
	}
	wantValue(t, s, []byte("k"), []byte("new"))
}

func testViewReadOnly(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("v"))
	view(t, s, func(tx storage.Tx) error {
		if err := tx.Put([]byte("k"), []byte("x")); !errors.Is(err, storage.ErrReadOnly) {
			t.Errorf("Put in View = %v, want ErrReadOnly", err)
		}
		if err := tx.Delete([]byte("k")); !errors.Is(err, storage.ErrReadOnly) {
			t.Errorf("Delete in View = %v, want ErrReadOnly", err)
		}
		return nil
	})
	wantValue(t, s, []byte("k"), []byte("v"))
}

func testCanceledContext(t *testing.T, s storage.Store) {
	c, cancel := context.WithCancel(t.Context())
	cancel()
	err := s.Update(c, func(tx storage.Tx) error { return tx.Put([]byte("k"), []byte("v")) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Update with a canceled context = %v, want context.Canceled", err)
	}
	if err := s.View(c, func(storage.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a canceled context = %v, want context.Canceled", err)
	}
	wantAbsent(t, s, []byte("k"))
}

func testClosed(t *testing.T, s storage.Store) {
	put(t, s, []byte("k"), []byte("v"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.View(t.Context(), func(storage.Tx) error { return nil }); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("View after Close = %v, want ErrClosed", err)
	}
	if err := s.Update(t.Context(), func(storage.Tx) error { return nil }); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Update after Close = %v, want ErrClosed", err)
	}
	if p, ok := s.(storage.Pinger); ok {
		if err := p.Ping(t.Context()); err == nil {
			t.Errorf("Ping after Close succeeded")
		}
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
}
