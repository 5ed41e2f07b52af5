package audit_test

import (
	"context"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

func TestMemorySink(t *testing.T) {
	audittest.Run(t, func(t *testing.T) audit.Sink { return audit.NewMemorySink() })
}

// TestMemorySink_boundedReusesBlocks: a dev log bounded by MaxRecords keeps
// reusing the blocks it pruned instead of allocating new ones, and still
// verifies.
func TestMemorySink_boundedReusesBlocks(t *testing.T) {
	sink := audit.NewMemorySink()
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.MaxRecords = 2000 })
	ctx := context.Background()
	for round := range 20 {
		for i := range 1000 {
			if err := l.Record(ctx, audittest.Event(round*1000+i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Prune(ctx); err != nil {
			t.Fatal(err)
		}
	}
	rep := audittest.MustVerify(t, sink)
	if rep.Records > 4000 {
		t.Errorf("%d records kept, want about 2000", rep.Records)
	}
	if n := audit.MemoryBlocks(sink); n > 8 {
		t.Errorf("%d blocks allocated for a log bounded to ~2000 records, want them reused", n)
	}
}
