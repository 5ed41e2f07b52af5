package secrets_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage"
)

func days(n int64) *int64 { return &n }

func TestService_Delete(t *testing.T) {
	t.Run("window_restore_purge", func(t *testing.T) {
		f := newFixture(t)
		arn := f.create(t, east, "s", "v").ARN
		res := must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(7)}))
		if want := f.clock.Now().Add(7 * 24 * time.Hour); !res.DeletionDate.Equal(want) {
			t.Fatalf("DeletionDate = %v, want %v", res.DeletionDate, want)
		}
		_, err := f.svc.GetValue(east, "s", "", "")
		wantCode(t, err, arca.EConflict)
		_, err = f.svc.PutValue(east, secrets.PutInput{ID: "s", Value: *text("x")})
		wantCode(t, err, arca.EConflict)
		_, err = f.svc.Create(east, secrets.CreateInput{Name: "s", Value: text("x")})
		wantCode(t, err, arca.EConflict)
		_, err = f.svc.Delete(east, secrets.DeleteInput{ID: "s"})
		wantCode(t, err, arca.EConflict)
		if d := must[*secrets.Secret](t)(f.svc.Describe(east, "s")); d.Deleted.IsZero() || !d.DeletionDate.Equal(res.DeletionDate) {
			t.Fatalf("describe of a deleted secret: %+v", d)
		}
		if p := must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{})); len(p.Secrets) != 0 {
			t.Fatal("a deleted secret is listed")
		}
		if p := must[*secrets.Page](t)(f.svc.List(east, secrets.ListInput{IncludePlannedDeletion: true})); len(p.Secrets) != 1 {
			t.Fatal("IncludePlannedDeletion does not list it")
		}
		if got := must[*secrets.Ref](t)(f.svc.Restore(east, "s")); got.ARN != arn {
			t.Fatalf("restore ARN = %s", got.ARN)
		}
		if f.value(t, east, "s", "", "") != "v" {
			t.Fatal("value lost by restore")
		}
		must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s"}))
		f.clock.Add(30*24*time.Hour - time.Second)
		if n := must[int](t)(f.svc.PurgeDue(context.Background())); n != 0 {
			t.Fatalf("purged %d before the window ended", n)
		}
		f.clock.Add(time.Second)
		if n := must[int](t)(f.svc.PurgeDue(context.Background())); n != 1 {
			t.Fatalf("purged %d at the end of the window", n)
		}
		_, err = f.svc.Describe(east, "s")
		wantCode(t, err, arca.ENotFound)
		if keys := f.keys(t, "sm/"); len(keys) != 0 {
			t.Fatalf("purge left keys: %q", keys)
		}
		if keys := f.keys(t, "sm-purge/"); len(keys) != 0 {
			t.Fatalf("purge left index entries: %q", keys)
		}
	})
	t.Run("windows", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, east, "s", "v")
		for _, d := range []int64{0, 6, 31} {
			_, err := f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(d)})
			wantCode(t, err, arca.EInvalid)
		}
		_, err := f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(7), Force: true})
		wantCode(t, err, arca.EInvalid)
		if f.value(t, east, "s", "", "") != "v" {
			t.Fatal("a refused delete changed the secret")
		}
	})
	t.Run("restore_wins_over_purge", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, east, "s", "v")
		must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(7)}))
		must[*secrets.Ref](t)(f.svc.Restore(east, "s"))
		f.clock.Add(8 * 24 * time.Hour)
		must[int](t)(f.svc.PurgeDue(context.Background()))
		if f.value(t, east, "s", "", "") != "v" {
			t.Fatal("a restored secret was purged")
		}
	})
	t.Run("force_and_recreate", func(t *testing.T) {
		f := newFixture(t)
		old := f.create(t, east, "s", "old")
		f.put(t, east, "s", "old2")
		must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(30)}))
		must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", Force: true}))
		_, err := f.svc.Restore(east, "s")
		wantCode(t, err, arca.ENotFound)
		res := must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "never-was", Force: true}))
		if res.Name != "never-was" {
			t.Fatalf("forced delete of nothing = %+v", res)
		}
		fresh := f.create(t, east, "s", "new")
		if fresh.ARN == old.ARN {
			t.Fatal("a re-created secret has the old ARN")
		}
		if n := len(f.stages(t, east, "s")); n != 1 {
			t.Fatalf("%d versions after re-creation", n)
		}
	})
}

// A value record moved under another secret — even a re-creation of the same
// name, or another version id — never opens: the ARN and version are bound.
func TestService_ValueBinding(t *testing.T) {
	f := newFixture(t)
	old := f.create(t, east, "s", "old-value")
	oldKey := "sm/us-east-1/v/s\x00" + old.VersionID
	env := f.get(t, oldKey)
	must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", Force: true}))
	fresh := f.create(t, east, "s", "new-value")
	f.set(t, "sm/us-east-1/v/s\x00"+fresh.VersionID, env)
	_, err := f.svc.GetValue(east, "s", "", "")
	wantCode(t, err, arca.EDecrypt)
	if strings.Contains(err.Error(), "old-value") || strings.Contains(err.Error(), "new-value") {
		t.Fatal("the error names a value")
	}

	v2 := f.put(t, east, "s", "second").VersionID
	f.set(t, "sm/us-east-1/v/s\x00"+v2, f.get(t, "sm/us-east-1/v/s\x00"+fresh.VersionID))
	_, err = f.svc.GetValue(east, "s", v2, "")
	wantCode(t, err, arca.EDecrypt)
}

func (f *fixture) keys(t testing.TB, prefix string) []string {
	t.Helper()
	var out []string
	err := f.store.View(context.Background(), func(tx storage.Tx) error {
		kvs, err := tx.List([]byte(prefix), nil, 0)
		for _, kv := range kvs {
			out = append(out, string(kv.Key))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *fixture) get(t testing.TB, key string) []byte {
	t.Helper()
	var v []byte
	if err := f.store.View(context.Background(), func(tx storage.Tx) error {
		var err error
		v, err = tx.Get([]byte(key))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

func (f *fixture) set(t testing.TB, key string, v []byte) {
	t.Helper()
	if err := f.store.Update(context.Background(), func(tx storage.Tx) error { return tx.Put([]byte(key), v) }); err != nil {
		t.Fatal(err)
	}
}

func TestService_RunPurger(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "s", "v")
	must[*secrets.DeleteResult](t)(f.svc.Delete(east, secrets.DeleteInput{ID: "s", RecoveryDays: days(7)}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); f.svc.RunPurger(ctx, 5*time.Millisecond) }()
	defer func() { cancel(); <-done }()
	time.Sleep(20 * time.Millisecond)
	if _, err := f.svc.Describe(east, "s"); err != nil {
		t.Fatalf("purged before its DeletionDate: %v", err)
	}
	f.clock.Add(7 * 24 * time.Hour)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := f.svc.Describe(east, "s")
		if arca.ErrorCode(err) == arca.ENotFound {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not purged by the loop: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
