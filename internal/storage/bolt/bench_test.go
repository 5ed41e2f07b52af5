package bolt_test

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/bolt"
)

// benchDelays are the MaxBatchDelay values compared; 10ms is bbolt's own
// default, DefaultMaxBatchDelay is 1ms.
var benchDelays = []time.Duration{
	100 * time.Microsecond, 500 * time.Microsecond, time.Millisecond,
	2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
}

// BenchmarkUpdateParallel measures group commit: 64 goroutines per CPU each
// commit one small Put per Update, for several MaxBatchDelay values. With
// group commit ops/s is far above 1/fsync latency.
func BenchmarkUpdateParallel(b *testing.B) {
	for _, delay := range benchDelays {
		b.Run(fmt.Sprintf("delay=%s", delay), func(b *testing.B) {
			s := open(b, filepath.Join(b.TempDir(), "bench.db"), &bolt.Options{MaxBatchDelay: delay})
			var next atomic.Uint64
			value := make([]byte, 100)
			b.SetParallelism(64)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				key := make([]byte, 8)
				for pb.Next() {
					binary.BigEndian.PutUint64(key, next.Add(1))
					err := s.Update(b.Context(), func(tx storage.Tx) error { return tx.Put(key, value) })
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}

// BenchmarkUpdateSerial measures the latency of a lone Update, which waits
// MaxBatchDelay for company before it commits.
func BenchmarkUpdateSerial(b *testing.B) {
	for _, delay := range benchDelays {
		b.Run(fmt.Sprintf("delay=%s", delay), func(b *testing.B) {
			s := open(b, filepath.Join(b.TempDir(), "bench.db"), &bolt.Options{MaxBatchDelay: delay})
			key, value := make([]byte, 8), make([]byte, 100)
			for i := 0; b.Loop(); i++ {
				binary.BigEndian.PutUint64(key, uint64(i))
				err := s.Update(b.Context(), func(tx storage.Tx) error { return tx.Put(key, value) })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}
