package file_test

import (
	"context"
	"crypto/ed25519"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

// TestVerify_Million measures Verify over an intact log of 1,000,000
// events (about 700 MB on disk). It runs only with ARCA_AUDIT_MILLION=1.
func TestVerify_Million(t *testing.T) {
	if os.Getenv("ARCA_AUDIT_MILLION") == "" {
		t.Skip("set ARCA_AUDIT_MILLION=1 to build a 1,000,000-event log and time Verify (needs ~1 GB of disk)")
	}
	const n, workers = 1_000_000, 64
	dir := t.TempDir()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 1000 })
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
					t.Errorf("Record: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d events in %s (%d flushes)", n, time.Since(start).Round(time.Millisecond), sink.Flushes())

	start = time.Now()
	r := reader(t, dir)
	opened := time.Since(start)
	rep, err := audit.Verify(context.Background(), r, audittest.Key().Public().(ed25519.PublicKey), audit.VerifyOptions{})
	took := time.Since(start)
	if err != nil || !rep.OK || rep.Events != n {
		t.Fatalf("Verify: %+v, %v", rep, err)
	}
	t.Logf("OpenReader %s, OpenReader+Verify %s: %d records, %d checkpoints", opened.Round(time.Millisecond), took.Round(time.Millisecond), rep.Records, rep.Checkpoints)
	if took > 10*time.Second {
		t.Errorf("Verify of %d events took %s, want under 10 s", n, took)
	}
}
