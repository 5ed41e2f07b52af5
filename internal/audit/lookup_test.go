package audit_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
)

// lookupLog holds 40 events of audittest.Event, appended a minute apart,
// plus one of an assumed role and one of the root user.
func lookupLog(t *testing.T) (*audit.Log, *audittest.Clock, time.Time) {
	t.Helper()
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := audittest.NewClock(start)
	l := audittest.NewLog(t, audit.NewMemorySink(), func(c *audit.Config) { c.Now = clock.Now; c.CheckpointEvery = 7 })
	ctx := context.Background()
	for i := range 40 {
		if err := l.Record(ctx, audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Minute)
	}
	role := audittest.Event(40)
	role.UserIdentity = audit.Identity{Type: "AssumedRole", ARN: "arn:aws:sts::000000000000:assumed-role/deploy/ci-run-7", AccessKeyID: "ASIAROLE"}
	role.EventSource, role.EventName = "ssm.amazonaws.com", "GetParameter"
	role.Resources = []audit.Resource{{ARN: "arn:aws:ssm:us-east-1:000000000000:parameter/app/db/url", Type: "AWS::SSM::Parameter"}}
	root := audittest.Event(41)
	root.UserIdentity = audit.Identity{Type: "Root", ARN: "arn:aws:iam::000000000000:root", AccessKeyID: "AKIAROOT"}
	for _, ev := range []*audit.Event{role, root} {
		if err := l.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Minute)
	}
	return l, clock, start
}

func TestLog_Lookup(t *testing.T) {
	l, _, start := lookupLog(t)
	ctx := context.Background()
	ids := map[int]string{}
	page, err := l.Lookup(ctx, audit.Query{})
	if err != nil {
		t.Fatal(err)
	}
	all := page.Events
	if len(all) != 42 || page.Next != "" {
		t.Fatalf("Lookup() = %d events, next %q; want all 42", len(all), page.Next)
	}
	for i, f := range all {
		var ev audit.Event
		if err := json.Unmarshal(f.Raw, &ev); err != nil || ev.EventID != f.Event.EventID {
			t.Fatalf("Raw of %d does not decode to the event: %v", i, err)
		}
		ids[41-i] = f.Event.EventID
	}
	if all[0].Username != "root" || all[1].Username != "ci-run-7" || all[2].Username != "user3" {
		t.Errorf("usernames = %q %q %q, want root, ci-run-7, user3", all[0].Username, all[1].Username, all[2].Username)
	}

	// count returns how many of audittest.Event(0..39) match.
	count := func(match func(i int) bool) int {
		n := 0
		for i := range 40 {
			if match(i) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name, attr, value string
		want              int
	}{
		{"event_name", "EventName", "PutSecretValue", count(func(i int) bool { return i%3 == 0 })},
		{"username", "Username", "user1", count(func(i int) bool { return i%4 == 1 })},
		{"username_role", "Username", "ci-run-7", 1},
		{"username_root", "Username", "root", 1},
		{"resource_name", "ResourceName", "db2", count(func(i int) bool { return i%7 == 2 })},
		{"resource_arn", "ResourceName", "arn:aws:secretsmanager:us-east-1:000000000000:secret:db2-AbCdEf", count(func(i int) bool { return i%7 == 2 })},
		{"resource_parameter", "ResourceName", "/app/db/url", 1},
		{"resource_type", "ResourceType", "AWS::SSM::Parameter", 1},
		{"event_id", "EventId", ids[17], 1},
		{"access_key", "AccessKeyId", "AKIAuser2", count(func(i int) bool { return i%4 == 2 })},
		{"read_only", "ReadOnly", "false", count(func(i int) bool { return i%3 == 0 })},
		{"read_write", "ReadOnly", "true", 42 - count(func(i int) bool { return i%3 == 0 })},
		{"event_source", "EventSource", "ssm.amazonaws.com", 1},
		{"no_match", "EventName", "DeleteSecret", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := l.Lookup(ctx, audit.Query{Attribute: tc.attr, Value: tc.value})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Events) != tc.want {
				t.Errorf("%s=%s: %d events, want %d", tc.attr, tc.value, len(page.Events), tc.want)
			}
		})
	}

	t.Run("time_window", func(t *testing.T) {
		// Events 10..19 were appended at minutes 10..19.
		page, err := l.Lookup(ctx, audit.Query{Start: start.Add(10 * time.Minute), End: start.Add(19 * time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) != 10 || page.Events[0].Event.EventID != ids[19] || page.Events[9].Event.EventID != ids[10] {
			t.Errorf("window: %d events", len(page.Events))
		}
	})
	t.Run("paging", func(t *testing.T) {
		q := audit.Query{Attribute: "EventName", Value: "GetSecretValue", Max: 4}
		var got []string
		for range 100 {
			page, err := l.Lookup(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Events) > 4 {
				t.Fatalf("page of %d", len(page.Events))
			}
			for _, f := range page.Events {
				got = append(got, f.Event.EventID)
			}
			if page.Next == "" {
				break
			}
			q.Token = page.Next
		}
		want := count(func(i int) bool { return i%3 != 0 }) + 1 // + root's
		if len(got) != want {
			t.Errorf("paged %d events, want %d", len(got), want)
		}
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Errorf("event %s twice", id)
			}
			seen[id] = true
		}
		// A token of one query is refused by another.
		page, _ := l.Lookup(ctx, audit.Query{Attribute: "EventName", Value: "GetSecretValue", Max: 4})
		_, err := l.Lookup(ctx, audit.Query{Attribute: "EventName", Value: "PutSecretValue", Token: page.Next})
		if arca.ErrorCode(err) != arca.EInvalid {
			t.Errorf("foreign token: %v, want invalid", err)
		}
		if _, err := l.Lookup(ctx, audit.Query{Token: "garbage"}); arca.ErrorCode(err) != arca.EInvalid {
			t.Errorf("garbage token: %v, want invalid", err)
		}
	})
	for _, q := range []audit.Query{{Attribute: "Bogus", Value: "x"}, {Max: 51}, {Max: -1}, {Attribute: "ReadOnly", Value: "maybe"}, {Attribute: "EventName"}} {
		if _, err := l.Lookup(ctx, q); arca.ErrorCode(err) != arca.EInvalid {
			t.Errorf("Lookup(%+v) = %v, want invalid", q, err)
		}
	}
}

func TestVerify_Window(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	sink := audit.NewMemorySink()
	clock := audittest.NewClock(start)
	l2 := audittest.NewLog(t, sink, func(c *audit.Config) { c.Now = clock.Now; c.CheckpointEvery = 5 })
	for i := range 50 {
		if err := l2.Record(context.Background(), audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Minute)
	}
	rep, err := audit.Verify(context.Background(), sink, audittest.Key().Public().(ed25519.PublicKey), audit.VerifyOptions{From: start.Add(20 * time.Minute), To: start.Add(30 * time.Minute)})
	if err != nil || !rep.OK {
		t.Fatalf("Verify window: %+v, %v", rep, err)
	}
	if rep.First == 1 || rep.Last >= 60 || rep.Events < 10 || rep.Events > 20 {
		t.Errorf("window report = %+v: want a part of the log around events 20-30", rep)
	}

}
