package file_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
	"github.com/arca-vault/arca/internal/audit/file"
)

var quiet = &file.Options{Log: slog.New(slog.DiscardHandler)}

func open(t testing.TB, dir string, opts *file.Options) *file.Sink {
	t.Helper()
	if opts == nil {
		opts = quiet
	}
	s, err := file.Open(dir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func reader(t testing.TB, dir string) *file.Sink {
	t.Helper()
	s, err := file.OpenReader(dir)
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSink(t *testing.T) {
	// Small segments, so that retention has whole files to remove.
	audittest.Run(t, func(t *testing.T) audit.Sink {
		return open(t, t.TempDir(), &file.Options{SegmentSize: 2048, Log: quiet.Log})
	})
}

func TestSink_GroupCommit(t *testing.T) {
	dir := t.TempDir()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 1000 })
	const workers, each = 64, 8
	var ready, wg sync.WaitGroup
	ready.Add(workers)
	start := make(chan struct{})
	for w := range workers {
		wg.Go(func() {
			ready.Done()
			<-start
			for i := range each {
				if err := l.Record(context.Background(), audittest.Event(w*each+i)); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		})
	}
	ready.Wait()
	close(start)
	wg.Wait()
	flushes := sink.Flushes()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// Durable: another reader of the directory sees every event.
	rep := audittest.MustVerify(t, reader(t, dir))
	if rep.Events != workers*each {
		t.Errorf("events = %d, want %d", rep.Events, workers*each)
	}
	if flushes >= workers*each {
		t.Errorf("%d flushes for %d records: no group commit", flushes, workers*each)
	}
	t.Logf("%d records, %d flushes", workers*each, flushes)
}

func TestSink_Restart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	sink := open(t, dir, nil)
	if _, err := file.Open(dir, quiet); !errors.Is(err, file.ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 4 })
	for i := range 10 {
		if err := l.Record(ctx, audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	sink = open(t, dir, nil)
	l = audittest.NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 4 })
	for i := range 10 {
		if err := l.Record(ctx, audittest.Event(10+i)); err != nil {
			t.Fatal(err)
		}
	}
	page, err := l.Lookup(ctx, audit.Query{Max: 50})
	if err != nil || len(page.Events) != 20 {
		t.Fatalf("Lookup after restart: %d events, %v", len(page.Events), err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	rep := audittest.MustVerify(t, reader(t, dir))
	if rep.Events != 20 || rep.Unsigned != 0 {
		t.Errorf("report = %+v", rep)
	}
}

func TestSink_TornWrite(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, nil)
	for i := range 5 {
		if err := l.Record(ctx, audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	// A crash in the middle of the next write leaves part of a frame.
	seg := segments(t, dir)[0]
	frame, _ := audit.AppendFrame(nil, &audit.Record{Seq: 7, Kind: audit.KindEvent, Payload: []byte(`{"eventName":"x"}`)})
	f, err := os.OpenFile(seg, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(frame[:len(frame)/2])
	f.Close()

	sink = open(t, dir, nil)
	l = audittest.NewLog(t, sink, nil)
	if err := l.Record(ctx, audittest.Event(9)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if rep := audittest.MustVerify(t, reader(t, dir)); rep.Events != 6 {
		t.Errorf("events = %d, want 6", rep.Events)
	}
}

func TestSink_RefusesDamage(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, nil)
	for i := range 5 {
		if err := l.Record(ctx, audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	seg := segments(t, dir)[0]
	frames := readSegment(t, seg)

	// Truncated: the last acknowledged record is gone.
	writeSegment(t, seg, frames[:len(frames)-1])
	if _, err := file.Open(dir, quiet); err == nil {
		t.Error("Open accepted a log shorter than its HEAD")
	}
	// Damaged in the middle.
	bad := append([][]byte(nil), frames...)
	bad[1] = append([]byte(nil), bad[1]...)
	bad[1][20] ^= 1
	writeSegment(t, seg, bad)
	if _, err := file.Open(dir, quiet); err == nil {
		t.Error("Open accepted a damaged record")
	}
}

// segments returns the segment files of dir.
func segments(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.seg"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no segments in %s: %v", dir, err)
	}
	return m
}

// A reader opened while a write is in progress sees a frame cut short at
// the end, past what HEAD names: not damage.
func TestReader_WriteInProgress(t *testing.T) {
	dir := t.TempDir()
	sink := open(t, dir, nil)
	l := audittest.NewLog(t, sink, nil)
	for i := range 3 {
		if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	frame, _ := audit.AppendFrame(nil, &audit.Record{Seq: 5, Kind: audit.KindEvent, Payload: []byte(`{}`)})
	f, err := os.OpenFile(segments(t, dir)[0], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(frame[:10])
	f.Close()
	audittest.MustVerify(t, reader(t, dir))
}
