package storagetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
)

// increment adds one to the decimal counter at key.
func increment(tx storage.Tx, key []byte) error {
	n := 0
	v, err := tx.Get(key)
	switch {
	case errors.Is(err, storage.ErrNotFound):
	case err != nil:
		return err
	default:
		if n, err = strconv.Atoi(string(v)); err != nil {
			return fmt.Errorf("counter %q: %w", v, err)
		}
	}
	return tx.Put(key, []byte(strconv.Itoa(n+1)))
}

// testConcurrentCounter checks that concurrent read-modify-write Updates
// lose no update.
func testConcurrentCounter(t *testing.T, s storage.Store) {
	const workers, each = 8, 50
	key := []byte("counter")
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				if err := s.Update(t.Context(), func(tx storage.Tx) error { return increment(tx, key) }); err != nil {
					t.Errorf("Update: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	wantValue(t, s, key, []byte(strconv.Itoa(workers*each)))
}

// errSawOwnWrite means a run of fn saw a write made by an earlier run of the
// same fn that should have been discarded.
var errSawOwnWrite = errors.New("storagetest: fn saw a write from its own earlier run")

// testRerunFreshState runs many concurrent Updates, half of which fail, so
// that engines that group or retry transactions run some functions more than
// once. Every run must start from committed state only: no run may see its
// own earlier run's writes, and failed functions leave nothing behind.
func testRerunFreshState(t *testing.T, s storage.Store) {
	const workers, each = 16, 10
	counter := []byte("rerun/count")
	own := func(w, i int) []byte { return []byte(fmt.Sprintf("rerun/%02d/%02d", w, i)) }
	var runs atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				fails := w%2 == 1
				err := s.Update(t.Context(), func(tx storage.Tx) error {
					runs.Add(1)
					if _, err := tx.Get(own(w, i)); !errors.Is(err, storage.ErrNotFound) {
						return errSawOwnWrite
					}
					if err := tx.Put(own(w, i), []byte("x")); err != nil {
						return err
					}
					if fails {
						return errBoom
					}
					return increment(tx, counter)
				})
				if fails && err != errBoom || !fails && err != nil {
					t.Errorf("worker %d Update %d = %v", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d Updates ran fn %d times", workers*each, runs.Load())

	for w := range workers {
		for i := range each {
			if w%2 == 1 {
				wantAbsent(t, s, own(w, i))
			} else {
				wantValue(t, s, own(w, i), []byte("x"))
			}
		}
	}
	wantValue(t, s, counter, []byte(strconv.Itoa(workers/2*each)))
}

// testViewsSeeWholeCommits runs Views while Updates change several keys
// together: every View must see all of a commit or none of it.
func testViewsSeeWholeCommits(t *testing.T, s storage.Store) {
	const keys, readers, writers, each = 5, 2, 2, 30
	key := func(i int) []byte { return []byte(fmt.Sprintf("inv/%d", i)) }
	check := func(tx storage.Tx) error {
		kvs, err := tx.List([]byte("inv/"), nil, 0)
		for _, kv := range kvs {
			if len(kvs) != keys || string(kv.Value) != string(kvs[0].Value) {
				t.Errorf("View saw part of a commit: %s", formatKVs(kvs))
				break
			}
		}
		return err
	}
	var ready, writing, reading sync.WaitGroup
	done := make(chan struct{})
	ready.Add(readers)
	for range readers {
		reading.Go(func() {
			for n := 0; ; n++ {
				if err := s.View(t.Context(), check); err != nil {
					t.Errorf("View: %v", err)
				}
				if n == 0 {
					ready.Done()
				}
				select {
				case <-done:
					return
				default:
				}
			}
		})
	}
	ready.Wait() // readers are running before the first write
	for range writers {
		writing.Go(func() {
			for range each {
				err := s.Update(t.Context(), func(tx storage.Tx) error {
					for i := range keys {
						if err := increment(tx, key(i)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Errorf("Update: %v", err)
					return
				}
			}
		})
	}
	writing.Wait()
	close(done)
	reading.Wait()
	for i := range keys {
		wantValue(t, s, key(i), []byte(strconv.Itoa(writers*each)))
	}
}
