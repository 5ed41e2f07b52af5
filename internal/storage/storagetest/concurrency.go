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
