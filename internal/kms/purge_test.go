package kms_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/memory"
)

func TestService_PurgeDue(t *testing.T) {
	f := newFixture(t)
	doomed := f.create(t, "doomed")
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/doomed", doomed.ID))
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/doomed2", doomed.ID))
	later := f.create(t, "later")
	kept := f.create(t, "kept")
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/kept", kept.ID))
	sealed, err := f.svc.Encrypt(f.ctx, region, doomed.ID, []byte("lost"), nil)
	ok(t, err)

	_, err = f.svc.ScheduleDeletion(f.ctx, region, doomed.ID, 7)
	ok(t, err)
	_, err = f.svc.ScheduleDeletion(f.ctx, region, later.ID, 30)
	ok(t, err)

	f.clock.Advance(7*day - time.Second)
	n, err := f.svc.PurgeDue(f.ctx)
	ok(t, err)
	if n != 0 {
		t.Fatalf("purged %d keys before the window passed", n)
	}
	f.describe(t, doomed.ID)

	f.clock.Advance(time.Second)
	// Past the date the key is gone at once, before any purge.
	_, err = f.svc.Describe(f.ctx, region, doomed.ID)
	wantCode(t, err, arca.EKeyInvalid)
	_, err = f.svc.CancelDeletion(f.ctx, region, doomed.ID)
	wantCode(t, err, arca.EKeyInvalid)

	n, err = f.svc.PurgeDue(f.ctx)
	ok(t, err)
	if n != 1 {
		t.Fatalf("purged %d keys, want 1", n)
	}
	ok(t, f.store.View(f.ctx, func(tx storage.Tx) error {
		for _, p := range []string{"kms/us-east-1/k/" + doomed.ID, "kms/us-east-1/a/alias/doomed", "kms/us-east-1/a/alias/doomed2"} {
			if _, err := tx.Get([]byte(p)); err != storage.ErrNotFound {
				t.Errorf("%s: %v, want deleted", p, err)
			}
		}
		return nil
	}))
	_, err = f.svc.Decrypt(f.ctx, region, sealed.Blob, nil, "")
	wantCode(t, err, arca.EKeyInvalid)
	page, err := f.svc.Aliases(f.ctx, region, "", "", 0)
	ok(t, err)
	if len(page.Aliases) != 1 || page.Aliases[0].Name != "alias/kept" {
		t.Fatalf("aliases after purge: %+v", page.Aliases)
	}
	f.describe(t, later.ID)
	f.describe(t, kept.ID)

	// A purge with nothing due does nothing; the 30-day key goes later.
	if n, err := f.svc.PurgeDue(f.ctx); err != nil || n != 0 {
		t.Fatalf("second purge: %d %v", n, err)
	}
	f.clock.Advance(23 * day)
	if n, err := f.svc.PurgeDue(f.ctx); err != nil || n != 1 {
		t.Fatalf("purge of the 30-day key: %d %v", n, err)
	}
	f.describe(t, kept.ID)
}

// TestService_RunPurger runs the purger loop in a synctest bubble, whose
// clock the service reads (Config.Now is nil, so time.Now).
func TestService_RunPurger(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := memory.New()
		defer st.Close()
		root, err := keyring.NewRoot(testRootKey)
		ok(t, err)
		svc := kms.New(kms.Config{Store: st, Root: root, Account: account})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		k, err := svc.Create(ctx, region, kms.CreateInput{})
		ok(t, err)
		_, err = svc.ScheduleDeletion(ctx, region, k.ID, 7)
		ok(t, err)

		done := make(chan struct{})
		go func() { defer close(done); svc.RunPurger(ctx, time.Hour, nil) }()

		gone := func() bool {
			var err error
			_ = st.View(ctx, func(tx storage.Tx) error {
				_, err = tx.Get([]byte("kms/us-east-1/k/" + k.ID))
				return nil
			})
			return err == storage.ErrNotFound
		}
		time.Sleep(6 * day)
		synctest.Wait()
		if gone() {
			t.Fatal("purged a day early")
		}
		time.Sleep(day + time.Hour)
		synctest.Wait()
		if !gone() {
			t.Fatal("the purger did not delete the key within an interval of its date")
		}
		cancel()
		<-done
	})
}
