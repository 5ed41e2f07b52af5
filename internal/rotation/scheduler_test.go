package rotation_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/secrets"
)

// A year of schedules on a fake clock: each rotation starts at its
// window's start, finishes once, and the next one follows the rules.
func TestScheduleYear(t *testing.T) {
	cases := []struct {
		name  string
		rules secrets.Rules
		days  int // how long to run; 0 = a year
		min   int // rotations, at least
		check func(t *testing.T, prev, at time.Time)
	}{
		{"after 90 days", secrets.Rules{AfterDays: 90}, 0, 4, func(t *testing.T, prev, at time.Time) {
			if d := at.Sub(prev); d < 89*24*time.Hour || d > 91*24*time.Hour || at.Hour() != 0 {
				t.Errorf("rotation at %v, %v after the previous one; want midnight 90 days on", at, d)
			}
		}},
		{"rate(10 days)", secrets.Rules{Expression: "rate(10 days)"}, 0, 36, func(t *testing.T, prev, at time.Time) {
			if d := at.Sub(prev); d < 9*24*time.Hour || d > 11*24*time.Hour {
				t.Errorf("rotation at %v, %v after the previous one", at, d)
			}
		}},
		{"cron Mondays 04:00", secrets.Rules{Expression: "cron(0 4 ? * MON *)"}, 0, 52, func(t *testing.T, _, at time.Time) {
			if at.Weekday() != time.Monday || at.Hour() != 4 || at.Minute() != 0 {
				t.Errorf("rotation at %v, want Monday 04:00", at)
			}
		}},
		{"rate(6 hours) in a 2h window", secrets.Rules{Expression: "rate(6 hours)", Duration: "2h"}, 60, 4 * 59, func(t *testing.T, prev, at time.Time) {
			if d := at.Sub(prev); d < 6*time.Hour-time.Minute || at.Hour()%6 != 0 {
				t.Errorf("rotation at %v, %v after the previous one", at, d)
			}
		}},
		{"cron every hour floors at 4h", secrets.Rules{Expression: "cron(0 * * * ? *)", Duration: "1h"}, 60, 6 * 59, func(t *testing.T, prev, at time.Time) {
			if d := at.Sub(prev); d < secrets.MinRotationInterval {
				t.Errorf("rotation at %v only %v after the previous one", at, d)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newNode(t, newStore(t))
				rec := &recorder{}
				stop := n.start(t, "a", rotation.Registry{"rec": rec}, nil)
				rules := tc.rules
				createSecret(t, n.svc, "app/db", "rec", &rules, false)
				first := describe(t, n.svc, "app/db").Rotation.Next
				days := tc.days
				if days == 0 {
					days = 365
				}
				time.Sleep(time.Duration(days) * 24 * time.Hour)
				synctest.Wait()
				stop()
				at := rec.finishes()
				if len(at) < tc.min {
					t.Fatalf("%d rotations in %d days, want at least %d", len(at), days, tc.min)
				}
				if at[0].After(first) {
					t.Errorf("first rotation at %v, after its NextRotationDate %v", at[0], first)
				}
				for i := 1; i < len(at); i++ {
					tc.check(t, at[i-1], at[i])
				}
				for tok, c := range rec.count(rotation.StepCreate) {
					if c != 1 {
						t.Errorf("createSecret ran %d times for %s", c, tok)
					}
				}
				s := describe(t, n.svc, "app/db")
				if !s.Rotation.LastRotated.Equal(at[len(at)-1].Truncate(time.Millisecond)) || s.Rotation.Result != secrets.ResultSucceeded || s.Rotation.PendingVersion != "" {
					t.Errorf("after a year: %+v", s.Rotation)
				}
			})
		})
	}
}

// A failed step leaves AWSCURRENT as it was, records the failure and is
// retried after 1, 2, 4 … minutes, resuming at the failed step.
func TestFailureAtEachStep(t *testing.T) {
	for _, step := range rotation.Steps {
		t.Run(string(step), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				n := newNode(t, newStore(t))
				rec := &recorder{fail: func(ev rotation.Event, c int) error {
					if ev.Step == step && c <= 3 {
						return arca.Errorf(arca.EInternal, "step %s: %v", ev.Step, errBoom)
					}
					return nil
				}}
				n.start(t, "a", rotation.Registry{"rec": rec}, nil)
				createSecret(t, n.svc, "app/db", "rec", &secrets.Rules{AfterDays: 30}, true)
				start := time.Now()
				synctest.Wait()
				old := `{"username":"app","password":"first"}`
				for attempt, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
					if got := current(t, n.svc, "app/db"); got != old {
						t.Fatalf("attempt %d: AWSCURRENT changed to a new value", attempt+1)
					}
					s := describe(t, n.svc, "app/db")
					f := s.Rotation.Failure
					if f == nil || f.Step != string(step) || f.Attempts != attempt+1 || s.Rotation.Result != secrets.ResultFailed || s.Rotation.PendingVersion == "" {
						t.Fatalf("attempt %d: rotation state %+v, failure %+v", attempt+1, s.Rotation, f)
					}
					if strings.Contains(f.Message, "first") {
						t.Fatalf("the failure message holds the value")
					}
					if want := time.Now().Add(wait).Truncate(time.Millisecond); !s.Rotation.RetryAt.Equal(want) {
						t.Fatalf("attempt %d: retry at %v, want %v", attempt+1, s.Rotation.RetryAt, want)
					}
					time.Sleep(wait)
					synctest.Wait()
				}
				if got := current(t, n.svc, "app/db"); got == old {
					t.Fatalf("not rotated after the failures stopped (%v)", time.Since(start))
				}
				s := describe(t, n.svc, "app/db")
				if s.Rotation.Result != secrets.ResultSucceeded || s.Rotation.Failure != nil || s.Rotation.Attempts != 0 || s.Rotation.PendingVersion != "" {
					t.Fatalf("after success: %+v", s.Rotation)
				}
				prev, err := n.svc.GetValue(east, "app/db", "", secrets.StagePrevious)
				if err != nil || string(prev.Content.Data) != old {
					t.Fatalf("AWSPREVIOUS: %v", err)
				}
				for i, st := range rotation.Steps {
					want := 1
					if st == step {
						want = 4
					}
					for tok, c := range rec.count(st) {
						if c != want {
							t.Errorf("step %d %s ran %d times for %s, want %d", i, st, c, tok, want)
						}
					}
				}
			})
		})
	}
}

// A rotation a stopping node leaves after setSecret is resumed at
// testSecret by the next one, and completes once.
func TestRestartResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		st := newStore(t)
		a := newNode(t, st)
		blocked := make(chan struct{})
		var once sync.Once
		rec := &recorder{}
		rec.block = func(ctx context.Context, ev rotation.Event) {
			if ev.Step == rotation.StepTest {
				once.Do(func() { close(blocked) })
				<-ctx.Done() // hangs until the node stops
			}
		}
		stopA := a.start(t, "a", rotation.Registry{"rec": rec}, nil)
		createSecret(t, a.svc, "app/db", "rec", &secrets.Rules{AfterDays: 30}, true)
		<-blocked
		stopA()
		s := describe(t, a.svc, "app/db")
		if s.Rotation.Step != string(rotation.StepSet) || s.Rotation.PendingVersion == "" || s.Rotation.RunningOn != "" {
			t.Fatalf("after the stop: %+v", s.Rotation)
		}
		rec.mu.Lock()
		rec.block = nil
		rec.mu.Unlock()
		b := newNode(t, st) // a new process over the same store
		b.start(t, "b", rotation.Registry{"rec": rec}, nil)
		synctest.Wait()
		s = describe(t, b.svc, "app/db")
		if s.Rotation.PendingVersion != "" || s.Rotation.Result != secrets.ResultSucceeded {
			t.Fatalf("not resumed: %+v", s.Rotation)
		}
		for _, step := range []rotation.Step{rotation.StepCreate, rotation.StepSet, rotation.StepFinish} {
			if c := rec.count(step); len(c) != 1 || c[currentID(s)] != 1 {
				t.Errorf("%s ran %v", step, c)
			}
		}
	})
}

// currentID returns the id of the AWSCURRENT version.
func currentID(s *secrets.Secret) string {
	for id, st := range s.Stages {
		for _, l := range st {
			if l == secrets.StageCurrent {
				return id
			}
		}
	}
	return ""
}
