package file_test

import (
	"context"
	"crypto/ed25519"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

// BenchmarkVerify_Million measures Verify (with opening the reader) over an
// intact file log of 1,000,000 events, about 700 MB on disk; the audit
// issue's target is under 10 s. Building the log is not timed:
//
//	go test ./internal/audit/file -run '^$' -bench Verify_Million -benchtime 1x
func BenchmarkVerify_Million(b *testing.B) {
	const n, workers = 1_000_000, 64
	dir := b.TempDir()
	sink := open(b, dir, nil)
	l := audittest.NewLog(b, sink, func(c *audit.Config) { c.CheckpointEvery = 1000 })
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
					b.Errorf("Record: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %d events in %s (%d flushes)", n, time.Since(start).Round(time.Millisecond), sink.Flushes())
	pub := audittest.Key().Public().(ed25519.PublicKey)
	b.ResetTimer()
	for b.Loop() {
		rep, err := audit.Verify(context.Background(), reader(b, dir), pub, audit.VerifyOptions{})
		if err != nil || !rep.OK || rep.Events != n {
			b.Fatalf("Verify: %+v, %v", rep, err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/verify")
}
