package file_test

import (
	"context"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

// BenchmarkLog_Record measures durable appends from parallel callers
// (group commit); run with -cpu and -benchtime to vary the load.
func BenchmarkLog_Record(b *testing.B) {
	sink := open(b, b.TempDir(), nil)
	l := audittest.NewLog(b, sink, func(c *audit.Config) { c.CheckpointEvery = 1000 })
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/float64(max(sink.Flushes(), 1)), "records/flush")
}
