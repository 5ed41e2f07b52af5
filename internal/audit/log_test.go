package audit_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

func TestLog_Record(t *testing.T) {
	sink := audit.NewMemorySink()
	var observed atomic.Int32
	l := audittest.NewLog(t, sink, func(c *audit.Config) {
		c.CheckpointEvery = 4
		c.Observe = func(*audit.Event) { observed.Add(1) }
	})
	ctx := context.Background()
	for i := range 9 {
		ev := audittest.Event(i)
		if err := l.Record(ctx, ev); err != nil {
			t.Fatalf("Record: %v", err)
		}
		if ev.EventID == "" {
			t.Fatal("Record did not fill EventID")
		}
	}
	rep := audittest.MustVerify(t, sink)
	// 4 events, checkpoint, 4 events, checkpoint, 1 event.
	if rep.Events != 9 || rep.Checkpoints != 2 || rep.Records != 11 || rep.Unsigned != 1 {
		t.Errorf("report = %+v", rep)
	}
	if err := l.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if rep := audittest.MustVerify(t, sink); rep.Unsigned != 0 || rep.Checkpoints != 3 {
		t.Errorf("after Close: %+v, want a final checkpoint", rep)
	}
	if observed.Load() != 9 {
		t.Errorf("Observe called %d times, want 9", observed.Load())
	}
	if err := l.Record(ctx, audittest.Event(1)); arca.ErrorCode(err) != arca.EUnavailable {
		t.Errorf("Record after Close = %v, want unavailable", err)
	}
}

func TestLog_IntentWithoutEvent(t *testing.T) {
	sink := audit.NewMemorySink()
	l := audittest.NewLog(t, sink, nil)
	ctx := context.Background()
	done, open := audittest.Event(3), audittest.Event(6)
	for _, step := range []func() error{
		func() error { return l.Intent(ctx, done) },
		func() error { return l.Record(ctx, done) },
		func() error { return l.Intent(ctx, open) }, // crashed before its event
		func() error { return l.Record(ctx, audittest.Event(1)) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	rep := audittest.MustVerify(t, sink)
	if rep.Intents != 2 || rep.OpenIntents != 1 || rep.Events != 2 {
		t.Errorf("report = %+v, want 2 intents, 1 open, 2 events", rep)
	}
	page, err := l.Lookup(ctx, audit.Query{Attribute: "EventName", Value: "PutSecretValue"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 2 || !page.Events[0].Intent || page.Events[0].Event.EventID != open.EventID || page.Events[1].Intent || page.Events[1].Event.EventID != done.EventID {
		t.Errorf("Lookup = %+v, want the open intent, then the completed event once", page.Events)
	}
}

func TestLog_FailingSink(t *testing.T) {
	sink := audittest.New(nil)
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.Timeout = 200 * time.Millisecond })
	ctx := context.Background()
	sink.Fail(nil)
	for name, call := range map[string]func(context.Context, *audit.Event) error{"Record": l.Record, "Intent": l.Intent} {
		start := time.Now()
		err := call(ctx, audittest.Event(1))
		if arca.ErrorCode(err) != arca.EUnavailable || !errors.Is(err, audittest.ErrInjected) {
			t.Errorf("%s = %v, want unavailable wrapping the sink's error", name, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s took %s", name, d)
		}
	}
	if err := l.Healthy(); arca.ErrorCode(err) != arca.EUnavailable {
		t.Errorf("Healthy = %v, want unavailable", err)
	}
	sink.Recover()
	// Healthy probes the sink in the background: no traffic is needed to
	// recover.
	waitHealthy(t, l)
	if err := l.Record(ctx, audittest.Event(2)); err != nil {
		t.Errorf("Record after recovery: %v", err)
	}
	if rep := audittest.MustVerify(t, sink); rep.Events != 1 {
		t.Errorf("events = %d, want only the one written after recovery", rep.Events)
	}
}

func TestLog_StallingSink(t *testing.T) {
	sink := audittest.New(nil)
	const timeout = 150 * time.Millisecond
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.Timeout = timeout })
	ctx := context.Background()
	sink.Stall()
	for name, call := range map[string]func(context.Context, *audit.Event) error{"Record": l.Record, "Intent": l.Intent} {
		start := time.Now()
		err := call(ctx, audittest.Event(1))
		d := time.Since(start)
		if arca.ErrorCode(err) != arca.EUnavailable {
			t.Errorf("%s = %v, want unavailable", name, err)
		}
		if d < timeout || d > timeout+time.Second {
			t.Errorf("%s returned after %s, want about %s", name, d, timeout)
		}
	}
	<-sink.Stalled()
	deadline := time.Now().Add(5 * time.Second)
	for l.Healthy() == nil {
		if time.Now().After(deadline) {
			t.Fatal("Healthy still nil with an append stalled past the timeout")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := l.Healthy(); arca.ErrorCode(err) != arca.EUnavailable {
		t.Errorf("Healthy = %v", err)
	}
	sink.Release()
	waitHealthy(t, l)
	if err := l.Record(ctx, audittest.Event(2)); err != nil {
		t.Errorf("Record after release: %v", err)
	}
	audittest.MustVerify(t, sink)
}

// lateSink stalls an append after sealing it, until released, and then
// finishes it whatever its context says: a flush that hangs past the
// deadline and completes later, as a stuck fdatasync does.
type lateSink struct {
	audit.Sink
	sealed  chan struct{}
	release chan struct{}
}

func (s *lateSink) Append(_ context.Context, seal func(audit.Head) ([]audit.Record, error)) error {
	return s.Sink.Append(context.Background(), func(h audit.Head) ([]audit.Record, error) {
		recs, err := seal(h)
		select {
		case s.sealed <- struct{}{}:
		default:
		}
		<-s.release
		return recs, err
	})
}

// TestLog_LateRecordKeepsItsEvent: a record whose caller gave up while its
// flush hung is still written when the flush completes, and with its own
// event — the caller must not recycle a payload the writer still holds,
// however many events are encoded meanwhile.
func TestLog_LateRecordKeepsItsEvent(t *testing.T) {
	sink := &lateSink{Sink: audit.NewMemorySink(), sealed: make(chan struct{}, 1), release: make(chan struct{})}
	l := audittest.NewLog(t, sink, func(c *audit.Config) { c.Timeout = 30 * time.Millisecond })
	done := make(chan error, 1)
	go func() { done <- l.Record(context.Background(), audittest.Event(1)) }()
	<-sink.sealed
	if err := <-done; arca.ErrorCode(err) != arca.EUnavailable {
		t.Fatalf("Record on a hung flush = %v, want unavailable", err)
	}
	for i := range 16 { // events encoded while the first is still being written
		if err := l.Record(context.Background(), audittest.Event(100+i)); arca.ErrorCode(err) != arca.EUnavailable {
			t.Fatalf("Record %d behind a hung flush = %v, want unavailable", i, err)
		}
	}
	close(sink.release)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	rep := audittest.MustVerify(t, sink) // checks each record against its event
	if rep.Events == 0 {
		t.Fatal("the late record was not written")
	}
}

// waitHealthy polls Healthy, which recovers asynchronously.
func waitHealthy(t *testing.T, l *audit.Log) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := l.Healthy()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Healthy did not recover: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestLog_NewErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := audit.New(ctx, audit.Config{Signer: audittest.Key()}); arca.ErrorCode(err) != arca.EInvalid {
		t.Errorf("no sink: %v", err)
	}
	if _, err := audit.New(ctx, audit.Config{Sink: audit.NewMemorySink()}); arca.ErrorCode(err) != arca.EInvalid {
		t.Errorf("no signer: %v", err)
	}
}
