package secrets_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

const builtinARN = "arn:aws:lambda:us-east-1:000000000000:function:arca-rotate-random"

func rules(days int64) *secrets.Rules { return &secrets.Rules{AfterDays: days} }

func TestService_Rotate_builtin(t *testing.T) {
	f := newFixture(t)
	v0 := f.create(t, east, "s", "initial-value").VersionID
	res := must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "s", LambdaARN: builtinARN, Rules: rules(90)}))
	cur := must[*secrets.SecretValue](t)(f.svc.GetValue(east, "s", "", ""))
	if cur.VersionID != res.VersionID || cur.Content.Data.Reveal() == "initial-value" || len(cur.Content.Data) != 32 {
		t.Fatalf("after rotation: version %s (want %s), %d bytes", cur.VersionID, res.VersionID, len(cur.Content.Data))
	}
	if got := holders(f.stages(t, east, "s")); got["AWSPREVIOUS"] != v0 || got["AWSPENDING"] != "" {
		t.Fatalf("stages after rotation: %v", got)
	}
	d := must[*secrets.Secret](t)(f.svc.Describe(east, "s"))
	now := f.clock.Now()
	if !d.Rotation.Enabled || d.Rotation.LambdaARN != builtinARN || !d.Rotation.LastRotated.Equal(now) {
		t.Fatalf("rotation state: %+v", d.Rotation)
	}
	if want := time.Date(2025, 5, 30, 23, 59, 59, 0, time.UTC); !d.Rotation.Next.Equal(want) {
		t.Fatalf("NextRotationDate = %v, want %v", d.Rotation.Next, want)
	}

	again := must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "s", Token: res.VersionID}))
	if again.VersionID != res.VersionID || f.value(t, east, "s", "", "") != cur.Content.Data.Reveal() {
		t.Fatal("a retried RotateSecret rotated again")
	}
	wait := false
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "s", Rules: rules(30), RotateImmediately: &wait}))
	if f.value(t, east, "s", "", "") != cur.Content.Data.Reveal() {
		t.Fatal("RotateImmediately=false rotated")
	}
	c := must[*secrets.WriteResult](t)(f.svc.CancelRotation(east, "s"))
	if c.VersionID != "" {
		t.Fatalf("cancel reports version %s with no rotation in progress", c.VersionID)
	}
	d = must[*secrets.Secret](t)(f.svc.Describe(east, "s"))
	if d.Rotation.Enabled || !d.Rotation.Next.IsZero() || d.Rotation.Rules.AfterDays != 30 {
		t.Fatalf("after cancel: %+v", d.Rotation)
	}
}

func TestService_Rotate_jsonField(t *testing.T) {
	f := newFixture(t)
	doc := `{"username":"app","password":"old","port":5432,"nested":{"password":"keep"}}`
	f.create(t, east, "db", doc)
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "db", LambdaARN: builtinARN, Rules: rules(30)}))
	var got map[string]any
	if err := json.Unmarshal([]byte(f.value(t, east, "db", "", "")), &got); err != nil {
		t.Fatal(err)
	}
	if got["password"] == "old" || got["username"] != "app" || got["port"] != float64(5432) || got["nested"].(map[string]any)["password"] != "keep" {
		t.Fatalf("rotated JSON: %v", got)
	}

	must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{
		Name: "users", Value: text(`{"admin":"a","analyst":"b"}`), Tags: []secrets.Tag{{Key: secrets.RotateFieldTag, Value: "analyst"}},
	}))
	must[*secrets.WriteResult](t)(f.svc.Rotate(east, secrets.RotateInput{ID: "users", LambdaARN: builtinARN, Rules: rules(30)}))
	got = nil
	_ = json.Unmarshal([]byte(f.value(t, east, "users", "", "")), &got)
	if got["admin"] != "a" || got["analyst"] == "b" || len(got) != 2 {
		t.Fatalf("tagged field rotation: %v", got)
	}

	f.create(t, east, "nofield", `{"user":"x"}`)
	_, err := f.svc.Rotate(east, secrets.RotateInput{ID: "nofield", LambdaARN: builtinARN, Rules: rules(30)})
	wantCode(t, err, arca.EConflict)
	if d := must[*secrets.Secret](t)(f.svc.Describe(east, "nofield")); d.Rotation.Configured || len(d.Stages) != 1 {
		t.Fatalf("a failed built-in rotation left state: %+v", d)
	}
}

type recorder struct {
	mu   sync.Mutex
	jobs []secrets.RotationJob
}

func (r *recorder) StartRotation(_ context.Context, job secrets.RotationJob) {
	r.mu.Lock()
	r.jobs = append(r.jobs, job)
	r.mu.Unlock()
}

func TestService_Rotate_external(t *testing.T) {
	f := newFixture(t)
	rec := &recorder{}
	svc := secrets.New(secrets.Config{Store: f.store, KMS: f.kms, Now: f.clock.Now, Rotator: rec})
	f.create(t, east, "s", "v0")
	_, err := svc.Rotate(east, secrets.RotateInput{ID: "s"})
	wantCode(t, err, arca.EConflict) // no function configured
	lambda := "arn:aws:lambda:us-east-1:000000000000:function:my-rotator"
	res := must[*secrets.WriteResult](t)(svc.Rotate(east, secrets.RotateInput{ID: "s", LambdaARN: lambda, Rules: rules(7)}))
	if len(rec.jobs) != 1 || rec.jobs[0].VersionID != res.VersionID || rec.jobs[0].LambdaARN != lambda {
		t.Fatalf("jobs = %+v", rec.jobs)
	}
	if got := holders(f.stages(t, east, "s")); got["AWSPENDING"] != res.VersionID {
		t.Fatalf("stages during rotation: %v", got)
	}
	_, err = svc.GetValue(east, "s", "", "AWSPENDING")
	wantCode(t, err, arca.EVersionNotFound) // created, not yet filled
	_, err = svc.Rotate(east, secrets.RotateInput{ID: "s"})
	wantCode(t, err, arca.EConflict) // in progress
	_, err = svc.Update(east, secrets.UpdateInput{ID: "s", KeyID: ptr("alias/aws/secretsmanager")})
	wantCode(t, err, arca.EPrecondition)
	_, err = svc.FinishRotation(east, "s", res.VersionID)
	wantCode(t, err, arca.EInvalid) // no value yet

	// The function's createSecret step, then finishSecret.
	filled := must[*secrets.WriteResult](t)(svc.PutValue(east, secrets.PutInput{ID: "s", Token: res.VersionID, Value: *text("v1"), Stages: []string{"AWSPENDING"}}))
	if filled.VersionID != res.VersionID {
		t.Fatalf("createSecret made version %s, want the pending %s", filled.VersionID, res.VersionID)
	}
	if got := f.value(t, east, "s", "", ""); got != "v0" {
		t.Fatalf("AWSCURRENT moved before finishSecret: %q", got)
	}
	must[*secrets.Ref](t)(svc.FinishRotation(east, "s", res.VersionID))
	if f.value(t, east, "s", "", "") != "v1" || f.value(t, east, "s", "", "AWSPREVIOUS") != "v0" {
		t.Fatal("FinishRotation did not promote the pending version")
	}

	res2 := must[*secrets.WriteResult](t)(svc.Rotate(east, secrets.RotateInput{ID: "s"}))
	c := must[*secrets.WriteResult](t)(svc.CancelRotation(east, "s"))
	if c.VersionID != res2.VersionID {
		t.Fatalf("cancel reports %s, want the pending %s", c.VersionID, res2.VersionID)
	}
}
