package kms_test

import (
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
)

const day = 24 * time.Hour

func TestService_SetEnabled(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, false))
	if got := f.describe(t, k.ID); got.State != kms.StateDisabled {
		t.Fatalf("state %s", got.State)
	}
	ok(t, f.svc.SetEnabled(f.ctx, region, k.ARN(), true))
	if got := f.describe(t, k.ID); got.State != kms.StateEnabled {
		t.Fatalf("state %s", got.State)
	}
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/k", k.ID))
	wantCode(t, f.svc.SetEnabled(f.ctx, region, "alias/k", false), arca.EKeyInvalid)
	wantCode(t, f.svc.SetEnabled(f.ctx, region, "6b2f7c1e-0000-4000-8000-000000000000", false), arca.EKeyInvalid)

	_, err := f.svc.ScheduleDeletion(f.ctx, region, k.ID, 7)
	ok(t, err)
	wantCode(t, f.svc.SetEnabled(f.ctx, region, k.ID, true), arca.EConflict)
	wantCode(t, f.svc.SetEnabled(f.ctx, region, k.ID, false), arca.EConflict)
}

func TestService_ScheduleDeletion(t *testing.T) {
	f := newFixture(t)

	t.Run("window", func(t *testing.T) {
		for _, tc := range []struct{ days, want int }{{0, 30}, {7, 7}, {30, 30}, {15, 15}} {
			k := f.create(t, "")
			got, err := f.svc.ScheduleDeletion(f.ctx, region, k.ID, tc.days)
			ok(t, err)
			if got.State != kms.StatePendingDeletion || got.PendingWindowDays != tc.want ||
				!got.DeletionDate.Equal(f.clock.Now().Add(time.Duration(tc.want)*day)) {
				t.Fatalf("days %d: %+v", tc.days, got)
			}
		}
		k := f.create(t, "")
		for _, days := range []int{-1, 1, 6, 31, 365} {
			_, err := f.svc.ScheduleDeletion(f.ctx, region, k.ID, days)
			wantCode(t, err, arca.EInvalid)
		}
		if got := f.describe(t, k.ID); got.State != kms.StateEnabled {
			t.Fatalf("a refused window changed the state: %s", got.State)
		}
	})

	t.Run("twice", func(t *testing.T) {
		k := f.create(t, "")
		_, err := f.svc.ScheduleDeletion(f.ctx, region, k.ID, 7)
		ok(t, err)
		_, err = f.svc.ScheduleDeletion(f.ctx, region, k.ID, 7)
		wantCode(t, err, arca.EConflict)
	})

	t.Run("cancel_restores_disabled", func(t *testing.T) {
		f := newFixture(t)
		k := f.create(t, "")
		ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 0))
		sealed, err := f.svc.Encrypt(f.ctx, region, k.ID, []byte("before"), nil)
		ok(t, err)
		_, err = f.svc.ScheduleDeletion(f.ctx, region, k.ID, 30)
		ok(t, err)
		if st, _ := f.svc.Rotation(f.ctx, region, k.ID); st.Enabled {
			t.Fatal("a key pending deletion reports rotation on")
		}
		_, err = f.svc.Decrypt(f.ctx, region, sealed.Blob, nil, "")
		wantCode(t, err, arca.EConflict)

		f.clock.Advance(29 * day)
		got, err := f.svc.CancelDeletion(f.ctx, region, k.ID)
		ok(t, err)
		if got.State != kms.StateDisabled || !got.DeletionDate.IsZero() || got.PendingWindowDays != 0 {
			t.Fatalf("after cancel: %+v", got)
		}
		_, err = f.svc.CancelDeletion(f.ctx, region, k.ID)
		wantCode(t, err, arca.EConflict)
		if st, _ := f.svc.Rotation(f.ctx, region, k.ID); !st.Enabled {
			t.Fatal("the rotation setting did not come back after cancel")
		}
		ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, true))
		opened, err := f.svc.Decrypt(f.ctx, region, sealed.Blob, nil, "")
		ok(t, err)
		if string(opened.Plaintext) != "before" {
			t.Fatal("wrong plaintext")
		}
		// Nothing is purged for a cancelled deletion, even past its date.
		f.clock.Advance(2 * day)
		n, err := f.svc.PurgeDue(f.ctx)
		ok(t, err)
		if n != 0 {
			t.Fatalf("purged %d keys", n)
		}
		f.describe(t, k.ID)
	})

	t.Run("disabled_key", func(t *testing.T) {
		k := f.create(t, "")
		ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, false))
		_, err := f.svc.ScheduleDeletion(f.ctx, region, k.ID, 7)
		ok(t, err)
	})
}
