package kms_test

import (
	"context"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/kms"
)

func TestService_RotateDue(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	f.create(t, "no rotation")
	ok(t, f.svc.EnableRotation(f.ctx, region, k.ID, 90))
	n, next, err := f.svc.RotateDue(context.Background(), f.clock.Now())
	if err != nil || n != 0 || !next.Equal(f.clock.Now().UTC().AddDate(0, 0, 90)) {
		t.Fatalf("before the date: %d rotated, next %v, %v", n, next, err)
	}
	// A server down for 200 days catches up with one rotation.
	f.clock.Advance(200 * 24 * time.Hour)
	n, next, err = f.svc.RotateDue(context.Background(), f.clock.Now())
	if err != nil || n != 1 {
		t.Fatalf("after 200 days: %d rotated, %v", n, err)
	}
	st, err := f.svc.Rotation(f.ctx, region, k.ID)
	ok(t, err)
	if !next.Equal(st.Next) || !st.Next.After(f.clock.Now()) || st.Next.Sub(f.clock.Now()) > 90*24*time.Hour {
		t.Fatalf("next %v, key's next %v", next, st.Next)
	}
	if n, _, _ := f.svc.RotateDue(context.Background(), f.clock.Now()); n != 0 {
		t.Fatal("rotated twice")
	}
	page, err := f.svc.Rotations(f.ctx, region, k.ID, false, "", 10)
	ok(t, err)
	if len(page.Versions) != 1 || page.Versions[0].Rotation != kms.RotationAutomatic {
		t.Fatalf("rotations: %+v", page.Versions)
	}
	// A disabled key does not rotate.
	ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, false))
	f.clock.Advance(100 * 24 * time.Hour)
	if n, _, _ := f.svc.RotateDue(context.Background(), f.clock.Now()); n != 0 {
		t.Fatal("a disabled key rotated")
	}
}
