package audittest

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/audit"
)

// Key returns a fixed checkpoint signing key for tests.
func Key() ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "arca audit test signing key seed")
	return ed25519.NewKeyFromSeed(seed)
}

// Clock is a settable clock for Config.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Event returns a plausible event: user i%4 reads or writes secret i%7.
func Event(i int) *audit.Event {
	user := fmt.Sprintf("user%d", i%4)
	name := fmt.Sprintf("db%d", i%7)
	op, ro := "GetSecretValue", true
	if i%3 == 0 {
		op, ro = "PutSecretValue", false
	}
	return &audit.Event{
		EventVersion: audit.EventVersion,
		UserIdentity: audit.Identity{Type: "IAMUser", PrincipalID: "AIDA" + user, ARN: "arn:aws:iam::000000000000:user/" + user,
			AccountID: "000000000000", AccessKeyID: "AKIA" + user, UserName: user},
		EventTime:          time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
		EventSource:        "secretsmanager.amazonaws.com",
		EventName:          op,
		AWSRegion:          "us-east-1",
		SourceIPAddress:    "127.0.0.1",
		UserAgent:          "aws-cli/2.0",
		RequestParameters:  json.RawMessage(`{"secretId":"` + name + `"}`),
		RequestID:          fmt.Sprintf("req-%d", i),
		ReadOnly:           ro,
		Resources:          []audit.Resource{{ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-AbCdEf", AccountID: "000000000000", Type: "AWS::SecretsManager::Secret"}},
		EventType:          "AwsApiCall",
		ManagementEvent:    true,
		RecipientAccountID: "000000000000",
		EventCategory:      "Management",
	}
}

// NewLog returns a Log over sink with the test key and short timeouts,
// closed when t ends (unless the test closes it first).
func NewLog(t testing.TB, sink audit.Sink, edit func(*audit.Config)) *audit.Log {
	t.Helper()
	cfg := audit.Config{Sink: sink, Signer: Key(), Timeout: 5 * time.Second, CheckpointEvery: 10, CheckpointInterval: time.Hour,
		Log: slog.New(slog.DiscardHandler)}
	if edit != nil {
		edit(&cfg)
	}
	l, err := audit.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("audit.New: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// MustVerify verifies src and fails t unless it is intact.
func MustVerify(t testing.TB, src audit.Source) *audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), src, Key().Public().(ed25519.PublicKey), audit.VerifyOptions{})
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if !rep.OK {
		t.Fatalf("Verify: not OK at %d: %s", rep.FirstBad, rep.Problem)
	}
	mustHoldOwnEvents(t, src)
	return rep
}

// mustHoldOwnEvents checks that every event and intent record carries its
// own event: the payload's eventID is the record's ID, and no ID appears
// twice in one kind. The chain cannot tell this (a payload overwritten
// before its record was sealed hashes as consistently as the right one);
// the Log reuses payload buffers, so the tests check it.
func mustHoldOwnEvents(t testing.TB, src audit.Source) {
	t.Helper()
	seen := map[audit.Kind]map[string]bool{audit.KindEvent: {}, audit.KindIntent: {}}
	err := src.Scan(context.Background(), 0, 0, func(r *audit.Record) error {
		ids, ok := seen[r.Kind]
		if !ok {
			return nil
		}
		var ev struct {
			EventID string `json:"eventID"`
		}
		if err := json.Unmarshal(r.Payload, &ev); err != nil {
			return fmt.Errorf("record %d: payload does not parse: %v", r.Seq, err)
		}
		if ev.EventID != r.ID {
			return fmt.Errorf("record %d (%s %s) holds event %s", r.Seq, r.Kind, r.ID, ev.EventID)
		}
		if ids[r.ID] {
			return fmt.Errorf("record %d: %s %s appears twice", r.Seq, r.Kind, r.ID)
		}
		ids[r.ID] = true
		return nil
	})
	if err != nil {
		t.Fatalf("records and their events: %v", err)
	}
}

// Run is the conformance test of an audit.Sink: open returns a new, empty
// sink for each subtest.
func Run(t *testing.T, open func(t *testing.T) audit.Sink) {
	t.Run("concurrent_records_chain", func(t *testing.T) {
		sink := open(t)
		l := NewLog(t, sink, nil)
		const workers, each = 16, 20
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					if err := l.Record(context.Background(), Event(w*each+i)); err != nil {
						t.Errorf("Record: %v", err)
					}
				}
			})
		}
		wg.Wait()
		if err := l.Checkpoint(context.Background()); err != nil {
			t.Fatalf("Checkpoint: %v", err)
		}
		rep := MustVerify(t, sink)
		if rep.Events != workers*each || rep.Unsigned != 0 || rep.Checkpoints == 0 {
			t.Errorf("report = %+v, want %d events, all signed", rep, workers*each)
		}
		h, err := sink.Head(context.Background())
		if err != nil || h.Seq != rep.Last || h.Hash != rep.Head || h.Checkpoint != rep.Last {
			t.Errorf("Head = %+v, %v; report last %d", h, err, rep.Last)
		}
	})
	t.Run("locate_and_checkpoints", func(t *testing.T) {
		sink := open(t)
		clock := NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		l := NewLog(t, sink, func(c *audit.Config) { c.Now = clock.Now; c.CheckpointEvery = 5 })
		for i := range 20 {
			if err := l.Record(context.Background(), Event(i)); err != nil {
				t.Fatal(err)
			}
			clock.Add(time.Minute)
		}
		ctx := context.Background()
		// Records 1-5 then checkpoint 6, events at 7-11, checkpoint 12, …
		// Event i was appended at minute i.
		at, err := sink.Locate(ctx, clock.Now().Add(-20*time.Minute+30*time.Second))
		if err != nil || at != 2 {
			t.Errorf("Locate(after first) = %d, %v; want 2", at, err)
		}
		if at, err := sink.Locate(ctx, clock.Now()); err != nil || at != 25 {
			t.Errorf("Locate(future) = %d, %v; want 25 (head+1)", at, err)
		}
		if cp, err := sink.LastCheckpoint(ctx, 11); err != nil || cp != 6 {
			t.Errorf("LastCheckpoint(11) = %d, %v; want 6", cp, err)
		}
		if cp, err := sink.LastCheckpoint(ctx, 5); err != nil || cp != 0 {
			t.Errorf("LastCheckpoint(5) = %d, %v; want 0", cp, err)
		}
		var seqs []uint64
		err = sink.Scan(ctx, 10, 12, func(r *audit.Record) error { seqs = append(seqs, r.Seq); return nil })
		if err != nil || fmt.Sprint(seqs) != "[10 11 12]" {
			t.Errorf("Scan(10,12) = %v, %v", seqs, err)
		}
	})
	t.Run("retention", func(t *testing.T) {
		sink := open(t)
		clock := NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		l := NewLog(t, sink, func(c *audit.Config) { c.Now = clock.Now; c.CheckpointEvery = 5; c.Retention = 24 * time.Hour })
		for i := range 30 {
			if err := l.Record(context.Background(), Event(i)); err != nil {
				t.Fatal(err)
			}
		}
		clock.Add(48 * time.Hour)
		for i := range 10 {
			if err := l.Record(context.Background(), Event(100+i)); err != nil {
				t.Fatal(err)
			}
		}
		n, err := l.Prune(context.Background())
		if err != nil {
			t.Fatalf("Prune: %v", err)
		}
		rep := MustVerify(t, sink)
		if n == 0 || rep.First <= 1 || rep.Events < 10 {
			t.Errorf("pruned %d; report %+v: want old records gone, new ones kept", n, rep)
		}
	})
	t.Run("max_records", func(t *testing.T) {
		sink := open(t)
		l := NewLog(t, sink, func(c *audit.Config) { c.CheckpointEvery = 5; c.MaxRecords = 20 })
		for i := range 60 {
			if err := l.Record(context.Background(), Event(i)); err != nil {
				t.Fatal(err)
			}
		}
		n, err := l.Prune(context.Background())
		if err != nil {
			t.Fatalf("Prune: %v", err)
		}
		rep := MustVerify(t, sink)
		// Kept: from the last checkpoint at or before the 20th newest
		// record, so 20 to 20+CheckpointEvery records, plus the prune mark.
		if n == 0 || rep.Records < 20 || rep.Records > 27 {
			t.Errorf("pruned %d; report %+v: want about 20 records kept", n, rep)
		}
	})
	t.Run("failing_append_changes_nothing", func(t *testing.T) {
		sink := open(t)
		l := NewLog(t, sink, nil)
		if err := l.Record(context.Background(), Event(1)); err != nil {
			t.Fatal(err)
		}
		before, _ := sink.Head(context.Background())
		err := sink.Append(context.Background(), func(h audit.Head) ([]audit.Record, error) {
			return nil, fmt.Errorf("refused")
		})
		if err == nil {
			t.Fatal("Append: seal error not returned")
		}
		bad := sink.Append(context.Background(), func(h audit.Head) ([]audit.Record, error) {
			return []audit.Record{{Seq: h.Seq + 2, Kind: audit.KindEvent, Time: time.Now(), Prev: h.Hash}}, nil
		})
		if bad == nil {
			t.Fatal("Append: accepted a record that does not continue the head")
		}
		after, _ := sink.Head(context.Background())
		if before != after {
			t.Errorf("head moved: %+v → %+v", before, after)
		}
		MustVerify(t, sink)
	})
}
