package rotation_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/secrets"
)

// A node that dies in the middle of a rotation holds its lease until it
// lapses; then another node resumes after the last completed step.
func TestCrashedNodeLeaseLapses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := newStore(t)
		dead := newNode(t, st)
		createSecret(t, dead.svc, "app/db", "rec", &secrets.Rules{AfterDays: 30}, true)
		// The dead node claimed the rotation and finished createSecret.
		job, err := dead.svc.ClaimRotation(east, "us-east-1", "app/db", "dead", 2*time.Minute, false)
		if err != nil || job == nil {
			t.Fatalf("claim: %v, %v", job, err)
		}
		if err := (rotation.RandomFunction{}).Invoke(east, dead.svc.RotationService(region, account), rotation.Event{SecretID: job.ARN, ClientRequestToken: job.VersionID, Step: rotation.StepCreate}); err != nil {
			t.Fatal(err)
		}
		if _, err := dead.svc.RecordStep(east, job, "dead", string(rotation.StepCreate), 2*time.Minute); err != nil {
			t.Fatal(err)
		}
		began := time.Now()
		rec := &recorder{}
		live := newNode(t, st)
		live.start(t, "live", rotation.Registry{"rec": rec}, nil)
		synctest.Wait()
		if c := rec.count(rotation.StepSet); len(c) != 0 {
			t.Fatalf("the live node ran the rotation while the lease held: %v", c)
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		s := describe(t, live.svc, "app/db")
		if s.Rotation.PendingVersion != "" || currentID(s) != job.VersionID {
			t.Fatalf("not resumed after the lease lapsed: %+v", s.Rotation)
		}
		if c := rec.count(rotation.StepCreate); len(c) != 0 {
			t.Errorf("createSecret ran again: %v", c)
		}
		if c := rec.count(rotation.StepSet); c[job.VersionID] != 1 {
			t.Errorf("setSecret ran %v", c)
		}
		if at := rec.finishes(); len(at) != 1 || at[0].Sub(began) < 2*time.Minute {
			t.Errorf("finished at %v", at)
		}
	})
}

// Two nodes over one store race for the same due rotations: each runs
// exactly once, on one of them.
func TestTwoNodesRace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := newStore(t)
		a, b := newNode(t, st), newNode(t, st)
		rec := &recorder{}
		for i := range 20 {
			createSecret(t, a.svc, fmt.Sprintf("app/%02d", i), "rec", &secrets.Rules{Expression: "rate(1 days)"}, false)
		}
		a.start(t, "a", rotation.Registry{"rec": rec}, nil)
		b.start(t, "b", rotation.Registry{"rec": rec}, nil)
		time.Sleep(10 * 24 * time.Hour)
		synctest.Wait()
		creates := rec.count(rotation.StepCreate)
		if len(creates) < 20*9 {
			t.Fatalf("%d rotations in 10 days of 20 daily secrets", len(creates))
		}
		for tok, c := range creates {
			if c != 1 {
				t.Errorf("createSecret ran %d times for %s", c, tok)
			}
		}
		if f := rec.count(rotation.StepFinish); len(f) != len(creates) {
			t.Errorf("%d finishes for %d rotations", len(f), len(creates))
		}
	})
}

// KMS keys with rotation enabled get a new version each period.
func TestKMSDueRotation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := newNode(t, newStore(t))
		k, err := n.kms.Create(east, region, kms.CreateInput{})
		if err != nil {
			t.Fatal(err)
		}
		if err := n.kms.EnableRotation(east, region, k.ID, 90); err != nil {
			t.Fatal(err)
		}
		off, err := n.kms.Create(east, region, kms.CreateInput{})
		if err != nil {
			t.Fatal(err)
		}
		n.start(t, "a", nil, func(c *rotation.Config) { c.KMS = n.kms; c.Poll = time.Hour })
		time.Sleep(365 * 24 * time.Hour)
		synctest.Wait()
		page, err := n.kms.Rotations(east, region, k.ID, false, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Versions) != 4 {
			t.Fatalf("%d automatic rotations in a year at 90 days, want 4", len(page.Versions))
		}
		for i, v := range page.Versions {
			if want := time.Now().Add(-365*24*time.Hour).AddDate(0, 0, 90*(i+1)); v.Rotation != kms.RotationAutomatic || v.Created.Sub(want) > time.Hour || want.Sub(v.Created) > 0 {
				t.Errorf("version %d: %s at %v, want at %v", i, v.Rotation, v.Created, want)
			}
		}
		st, err := n.kms.Rotation(east, region, k.ID)
		if err != nil || !st.Next.After(time.Now()) {
			t.Errorf("next rotation %v: %v", st.Next, err)
		}
		if page, _ := n.kms.Rotations(east, region, off.ID, false, "", 100); len(page.Versions) != 0 {
			t.Errorf("a key without rotation rotated")
		}
	})
}
