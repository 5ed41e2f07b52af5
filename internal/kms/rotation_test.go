package kms_test

import (
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
)

func TestService_Rotation(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	st, err := f.svc.Rotation(f.ctx, region, k.ID)
	ok(t, err)
	if st.Enabled || st.PeriodDays != 0 || !st.Next.IsZero() {
		t.Fatalf("new key: %+v", st)
	}

	t.Run("enable_default", func(t *testing.T) {
		ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 0))
		st, err := f.svc.Rotation(f.ctx, region, k.ARN())
		ok(t, err)
		if !st.Enabled || st.PeriodDays != 365 || !st.Next.Equal(f.clock.Now().AddDate(0, 0, 365)) {
			t.Fatalf("after enable: %+v", st)
		}
	})

	t.Run("new_period_same_start", func(t *testing.T) {
		start := f.clock.Now()
		f.clock.Advance(10 * day)
		ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 90))
		st, _ := f.svc.Rotation(f.ctx, region, k.ID)
		if st.PeriodDays != 90 || !st.Next.Equal(start.AddDate(0, 0, 90)) {
			t.Fatalf("after changing the period: %+v (start %v)", st, start)
		}
	})

	t.Run("period_range", func(t *testing.T) {
		for _, days := range []int{-1, 89, 2561} {
			wantCode(t, f.svc.EnableRotation(f.ctx, region, k.ID, days), arca.EInvalid)
		}
		ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 2560))
	})

	t.Run("disable", func(t *testing.T) {
		ok(t, f.svc.DisableRotation(f.ctx, region, k.ID))
		st, _ := f.svc.Rotation(f.ctx, region, k.ID)
		if st.Enabled || st.PeriodDays != 0 || !st.Next.IsZero() {
			t.Fatalf("after disable: %+v", st)
		}
		ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 0))
		st, _ = f.svc.Rotation(f.ctx, region, k.ID)
		if st.PeriodDays != 365 || !st.Next.Equal(f.clock.Now().AddDate(0, 0, 365)) {
			t.Fatalf("re-enabled: %+v", st)
		}
	})

	t.Run("key_state", func(t *testing.T) {
		d := f.create(t, "")
		ok(t, f.svc.SetEnabled(f.ctx, region, d.ID, false))
		wantCode(t, f.svc.EnableRotation(f.ctx, region, d.ID, 0), arca.EKeyDisabled)
		wantCode(t, f.svc.DisableRotation(f.ctx, region, d.ID), arca.EKeyDisabled)
		_, err := f.svc.RotateOnDemand(f.ctx, region, d.ID)
		wantCode(t, err, arca.EKeyDisabled)
		if _, err := f.svc.Rotation(f.ctx, region, d.ID); err != nil {
			t.Fatalf("status of a disabled key: %v", err)
		}
		_, err = f.svc.ScheduleDeletion(f.ctx, region, d.ID, 7)
		ok(t, err)
		wantCode(t, f.svc.EnableRotation(f.ctx, region, d.ID, 0), arca.EConflict)
		_, err = f.svc.RotateOnDemand(f.ctx, region, d.ID)
		wantCode(t, err, arca.EConflict)
		wantCode(t, f.svc.EnableRotation(f.ctx, region, "alias/x", 0), arca.EKeyInvalid)
	})
}

func TestService_RotateOnDemand(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 0))
	before, _ := f.svc.Rotation(f.ctx, region, k.ID)
	ec := map[string]string{"app": "web"}
	old, err := f.svc.Encrypt(f.ctx, region, k.ID, []byte("old"), ec)
	ok(t, err)

	f.clock.Advance(day)
	rotated, err := f.svc.RotateOnDemand(f.ctx, region, k.ID)
	ok(t, err)
	if rotated.Current != 2 || len(rotated.Versions) != 2 || rotated.MaterialID(1) == rotated.MaterialID(2) {
		t.Fatalf("after rotation: current %d, %d versions", rotated.Current, len(rotated.Versions))
	}
	after, _ := f.svc.Rotation(f.ctx, region, k.ID)
	if !after.Next.Equal(before.Next) {
		t.Fatal("an on-demand rotation moved the automatic schedule")
	}

	fresh, err := f.svc.Encrypt(f.ctx, region, k.ID, []byte("new"), ec)
	ok(t, err)
	if old.Version != 1 || fresh.Version != 2 {
		t.Fatalf("versions %d and %d, want 1 and 2", old.Version, fresh.Version)
	}
	for _, tc := range []struct {
		s    *kms.Sealed
		want string
	}{{old, "old"}, {fresh, "new"}} {
		o, err := f.svc.Decrypt(f.ctx, region, tc.s.Blob, ec, "")
		ok(t, err)
		if string(o.Plaintext) != tc.want || o.Version != tc.s.Version {
			t.Fatalf("decrypted %q version %d", o.Plaintext, o.Version)
		}
	}

	t.Run("list", func(t *testing.T) {
		page, err := f.svc.Rotations(f.ctx, region, k.ID, false, "", 0)
		ok(t, err)
		if len(page.Versions) != 1 || page.Versions[0].Number != 2 || page.Versions[0].Rotation != kms.RotationOnDemand ||
			!page.Versions[0].Created.Equal(f.clock.Now()) {
			t.Fatalf("rotations: %+v", page.Versions)
		}
		page, err = f.svc.Rotations(f.ctx, region, k.ID, true, "", 1)
		ok(t, err)
		if len(page.Versions) != 1 || page.Versions[0].Number != 1 || page.Next == "" {
			t.Fatalf("first page: %+v", page)
		}
		page, err = f.svc.Rotations(f.ctx, region, k.ID, true, page.Next, 1)
		ok(t, err)
		if len(page.Versions) != 1 || page.Versions[0].Number != 2 || page.Next != "" {
			t.Fatalf("second page: %+v", page)
		}
		_, err = f.svc.Rotations(f.ctx, region, k.ID, true, "bogus", 1)
		wantCode(t, err, arca.EBadToken)
	})

	t.Run("limit", func(t *testing.T) {
		for i := 1; i < kms.MaxOnDemandRotations; i++ {
			_, err := f.svc.RotateOnDemand(f.ctx, region, k.ID)
			ok(t, err)
		}
		_, err := f.svc.RotateOnDemand(f.ctx, region, k.ID)
		wantCode(t, err, arca.ELimit)
		o, err := f.svc.Decrypt(f.ctx, region, old.Blob, ec, "")
		ok(t, err)
		if string(o.Plaintext) != "old" {
			t.Fatal("the first version no longer decrypts")
		}
	})
}
