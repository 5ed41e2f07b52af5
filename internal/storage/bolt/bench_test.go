package bolt_test

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/arca-vault/arca/internal/storage"
)

// BenchmarkUpdateParallel measures group commit: W writers each commit one
// small Put per Update. With group commit, ops/s is far above 1/fsync
// latency and grows with the number of writers.
func BenchmarkUpdateParallel(b *testing.B) {
	for _, writers := range []int{1, 8, 32, 128} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s := open(b, filepath.Join(b.TempDir(), "bench.db"), nil)
			var next atomic.Uint64
			value := make([]byte, 100)
			b.SetParallelism((writers + 1) / 2)
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
