//go:build unix

package audit_test

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

// TestMemorySink_framesOffHeap: the frames a memory log keeps are not Go
// heap, so a big dev log does not raise the heap goal (see mapBlock), and
// they still read back.
func TestMemorySink_framesOffHeap(t *testing.T) {
	sink := audit.NewMemorySink()
	l := audittest.NewLog(t, sink, nil)
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ev := audittest.Event(0)
	ev.UserAgent = strings.Repeat("u", 8<<10) // ~8 KiB a record: 16 MiB in all
	for range 2000 {
		ev.EventID = ""
		if err := l.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 4<<20 {
		t.Errorf("the live heap grew by %d KiB for 16 MiB of records, want the frames outside it", grown>>10)
	}
	if rep := audittest.MustVerify(t, sink); rep.Records < 2000 {
		t.Errorf("%d records read back, want ≥ 2000", rep.Records)
	}
	runtime.KeepAlive(sink)
}
