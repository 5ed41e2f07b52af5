package postgres_test

import (
	"encoding/binary"
	"sync/atomic"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/postgres"
)

// benchParallel runs fn with 8 goroutines per CPU, each on its own keys.
// Keys are spread over the key space: sequential keys land on one index
// page, where SERIALIZABLE's page-level predicate locks make a Get of an
// absent key conflict with every concurrent insert (about 2.3 runs per
// Update in BenchmarkUpdateReadWriteParallel, instead of 1.05).
func benchParallel(b *testing.B, fn func(tx storage.Tx, key []byte) error) {
	s := open(b, &postgres.Options{MaxConns: 16})
	var next, runs atomic.Uint64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		key := make([]byte, 8)
		for pb.Next() {
			binary.BigEndian.PutUint64(key, next.Add(1)*0x9e3779b97f4a7c15)
			if err := s.Update(b.Context(), func(tx storage.Tx) error { runs.Add(1); return fn(tx, key) }); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(float64(runs.Load())/float64(b.N), "runs/op")
}

// BenchmarkUpdateParallel is a blind write: one round trip per Update.
func BenchmarkUpdateParallel(b *testing.B) {
	value := make([]byte, 100)
	benchParallel(b, func(tx storage.Tx, key []byte) error { return tx.Put(key, value) })
}

// BenchmarkUpdateReadWriteParallel reads a key and then writes it: two
// round trips per Update.
func BenchmarkUpdateReadWriteParallel(b *testing.B) {
	value := make([]byte, 100)
	benchParallel(b, func(tx storage.Tx, key []byte) error {
		if _, err := tx.Get(key); err != nil && err != storage.ErrNotFound {
			return err
		}
		return tx.Put(key, value)
	})
}

// BenchmarkViewGet is a single Get in a View, serially.
func BenchmarkViewGet(b *testing.B) {
	s := open(b, nil)
	key := []byte("k")
	if err := s.Update(b.Context(), func(tx storage.Tx) error { return tx.Put(key, []byte("v")) }); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		err := s.View(b.Context(), func(tx storage.Tx) error { _, err := tx.Get(key); return err })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
