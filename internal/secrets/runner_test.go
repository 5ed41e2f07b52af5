package secrets_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage"
)

const extARN = "arn:aws:lambda:us-east-1:000000000000:function:ext"

// The due index holds exactly the secrets whose rotation falls due, at the
// window's start; an idle scheduler reads it, not the records.
func TestService_DueIndex(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "plain", "v")
	f.create(t, east, "sched", "v")
	wait := false
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "sched", LambdaARN: extARN, Rules: &secrets.Rules{Expression: "cron(0 4 ? * MON *)", Duration: "2h"}, RotateImmediately: &wait}))
	due, next, err := f.svc.DueRotations(east, f.clock.Now(), 10)
	if err != nil || len(due) != 0 {
		t.Fatalf("due now: %v, %v", due, err)
	}
	// 2025-03-01 is a Saturday: the window opens Monday 2025-03-03 04:00.
	if want := time.Date(2025, 3, 3, 4, 0, 0, 0, time.UTC); !next.Equal(want) {
		t.Fatalf("next due %v, want %v", next, want)
	}
	d := must[*secrets.Secret](t)(f.svc.Describe(east, "sched"))
	if want := time.Date(2025, 3, 3, 5, 59, 59, 0, time.UTC); !d.Rotation.Next.Equal(want) {
		t.Fatalf("NextRotationDate %v, want %v", d.Rotation.Next, want)
	}
	f.clock.Add(3 * 24 * time.Hour)
	due, _, _ = f.svc.DueRotations(east, f.clock.Now(), 10)
	if len(due) != 1 || due[0].Name != "sched" || due[0].Region != "us-east-1" {
		t.Fatalf("due: %v", due)
	}
	must[*secrets.WriteResult](t)(f.svc.CancelRotation(east, "sched"))
	if due, next, _ = f.svc.DueRotations(east, f.clock.Now().AddDate(1, 0, 0), 10); len(due) != 0 || !next.IsZero() {
		t.Fatalf("after cancel: %v, next %v", due, next)
	}
}

// Claim, steps, failure with backoff, and the lease that keeps a second
// node out.
func TestService_ClaimLifecycle(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "s", "old")
	wait := false
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "s", LambdaARN: extARN, Rules: rules(1), RotateImmediately: &wait}))
	if job, err := f.svc.ClaimRotation(east, "us-east-1", "s", "a", time.Minute, false); job != nil || err != nil {
		t.Fatalf("claimed before due: %v %v", job, err)
	}
	f.clock.Add(36 * time.Hour)
	job, err := f.svc.ClaimRotation(east, "us-east-1", "s", "a", time.Minute, false)
	if err != nil || job == nil || job.Step != "" || job.LambdaARN != extARN {
		t.Fatalf("claim: %+v %v", job, err)
	}
	if other, _ := f.svc.ClaimRotation(east, "us-east-1", "s", "b", time.Minute, false); other != nil {
		t.Fatal("a second node claimed a leased rotation")
	}
	rs := f.svc.RotationService("us-east-1", account)
	if err := rs.PutPending(east, "s", job.VersionID, arca.Value("new")); err != nil {
		t.Fatal(err)
	}
	if err := rs.PutPending(east, "s", job.VersionID, arca.Value("new")); err != nil {
		t.Fatalf("PutPending again: %v", err)
	}
	if err := rs.PutPending(east, "s", job.VersionID, arca.Value("other")); arca.ErrorCode(err) != arca.EExists {
		t.Fatalf("PutPending with another value: %v", err)
	}
	if done, err := f.svc.RecordStep(east, job, "a", "createSecret", time.Minute); done || err != nil {
		t.Fatal(done, err)
	}
	fl, err := f.svc.RecordFailure(east, job, "a", "setSecret", "login refused")
	if err != nil || fl.Attempts != 1 {
		t.Fatal(fl, err)
	}
	if f.value(t, east, "s", "", "") != "old" {
		t.Fatal("AWSCURRENT moved after a failure")
	}
	// Node b takes the retry once the backoff has passed, at setSecret.
	if j, _ := f.svc.ClaimRotation(east, "us-east-1", "s", "b", time.Minute, false); j != nil {
		t.Fatal("claimed before the retry time")
	}
	f.clock.Add(secrets.RetryDelay(1))
	j, err := f.svc.ClaimRotation(east, "us-east-1", "s", "b", time.Minute, false)
	if err != nil || j == nil || j.VersionID != job.VersionID || j.Step != "createSecret" || j.Attempts != 1 {
		t.Fatalf("retry claim: %+v %v", j, err)
	}
	if _, err := f.svc.RecordStep(east, job, "a", "setSecret", time.Minute); arca.ErrorCode(err) != arca.EConflict {
		t.Fatalf("the old holder recorded a step: %v", err)
	}
	got, err := rs.GetValue(east, "s", job.VersionID, "AWSPENDING")
	if err != nil || got.Reveal() != "new" {
		t.Fatalf("GetValue pending: %v", err)
	}
	if err := rs.Finish(east, "s", job.VersionID); err != nil {
		t.Fatal(err)
	}
	if err := rs.Finish(east, "s", job.VersionID); err != nil {
		t.Fatalf("Finish again: %v", err)
	}
	if done, err := f.svc.RecordStep(east, j, "b", "finishSecret", time.Minute); !done || err != nil {
		t.Fatal(done, err)
	}
	d := must[*secrets.Secret](t)(f.svc.Describe(east, "s"))
	if d.Rotation.Result != secrets.ResultSucceeded || d.Rotation.Failure != nil || d.Rotation.PendingVersion != "" || d.Rotation.RunningOn != "" || !d.Rotation.LastRotated.Equal(f.clock.Now()) {
		t.Fatalf("after finish: %+v", d.Rotation)
	}
	if f.value(t, east, "s", "", "AWSPREVIOUS") != "old" || f.value(t, east, "s", "", "") != "new" {
		t.Fatal("stages after finish")
	}
}

func TestRetryDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 7: time.Hour, 30: time.Hour} {
		if got := secrets.RetryDelay(n); got != want {
			t.Errorf("RetryDelay(%d) = %v, want %v", n, got, want)
		}
	}
}

// A manual PutSecretValue counts as a rotation for AutomaticallyAfterDays.
func TestService_PutCountsAsRotation(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "s", "v0")
	wait := false
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "s", LambdaARN: extARN, Rules: rules(30), RotateImmediately: &wait}))
	f.clock.Add(10 * 24 * time.Hour)
	must[*secrets.WriteResult](t)(f.svc.PutValue(east, secrets.PutInput{ID: "s", Value: *text("v1")}))
	d := must[*secrets.Secret](t)(f.svc.Describe(east, "s"))
	if !d.Rotation.LastRotated.Equal(f.clock.Now()) || !d.Rotation.Next.Equal(time.Date(2025, 4, 10, 23, 59, 59, 0, time.UTC)) {
		t.Fatalf("after a manual put: %+v", d.Rotation)
	}
}

func TestRotationService_RandomPasswordTags(t *testing.T) {
	f := newFixture(t)
	must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "s", Value: text("v"), Tags: []secrets.Tag{
		{Key: secrets.PasswordLengthTag, Value: "12"}, {Key: secrets.ExcludePunctuationTag, Value: "true"},
	}}))
	pw, err := f.svc.RotationService("us-east-1", account).RandomPassword(east, "s")
	if err != nil || len(pw) != 12 {
		t.Fatalf("password of %d: %v", len(pw), err)
	}
	for _, c := range pw.Reveal() {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			t.Fatalf("punctuation %q in the password", c)
		}
	}
}

// Secrets whose rotation was set up before the due index existed are
// indexed once.
func TestService_IndexRotations(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "old", "v")
	wait := false
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "old", LambdaARN: extARN, Rules: rules(7), RotateImmediately: &wait}))
	// As an older arca left it: no index entry, no Due.
	for _, k := range f.keys(t, "sm-due/") {
		if err := f.store.Update(east, func(tx storage.Tx) error { return tx.Delete([]byte(k)) }); err != nil {
			t.Fatal(err)
		}
	}
	if _, next, _ := f.svc.DueRotations(east, f.clock.Now(), 10); !next.IsZero() {
		t.Fatal("index entry still there")
	}
	raw := f.get(t, "sm/us-east-1/s/old")
	var doc map[string]any
	_ = json.Unmarshal(raw, &doc)
	rot := doc["rotation"].(map[string]any)
	delete(rot, "due")
	delete(rot, "indexed")
	raw, _ = json.Marshal(doc)
	f.set(t, "sm/us-east-1/s/old", raw)
	if err := f.svc.IndexRotations(east); err != nil {
		t.Fatal(err)
	}
	_, next, err := f.svc.DueRotations(east, f.clock.Now(), 10)
	if err != nil || !next.Equal(time.Date(2025, 3, 8, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("next due %v, %v", next, err)
	}
}
