package secrets_test

import (
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

func TestService_Prune(t *testing.T) {
	f := newFixture(t)
	first := f.create(t, east, "s", "v0").VersionID
	count := func() int {
		n, tok := 0, ""
		for {
			p := must[*secrets.VersionPage](t)(f.svc.ListVersions(east, secrets.VersionsInput{ID: "s", IncludeDeprecated: true, Max: 7, Token: tok}))
			n += len(p.Versions)
			if tok = p.NextToken; tok == "" {
				return n
			}
		}
	}
	for i := 1; i < 120; i++ {
		f.put(t, east, "s", "v")
	}
	if n := count(); n != 120 {
		t.Fatalf("%d versions kept; younger than 24 h, none may go", n)
	}
	f.clock.Add(secrets.PruneAge)
	f.put(t, east, "s", "v")
	if n := count(); n != 100 {
		t.Fatalf("%d versions after 24 h, want 100", n)
	}
	if _, err := f.svc.GetValue(east, "s", first, ""); arca.ErrorCode(err) != arca.EVersionNotFound {
		t.Fatalf("the oldest deprecated version survived: %v", err)
	}
	if f.value(t, east, "s", "", "AWSCURRENT") != "v" || f.value(t, east, "s", "", "AWSPREVIOUS") != "v" {
		t.Fatal("labelled versions pruned")
	}

	t.Run("labelled_versions_stay", func(t *testing.T) {
		f := newFixture(t)
		keep := f.create(t, east, "k", "keep").VersionID
		must[*secrets.Ref](t)(f.svc.MoveStage(east, secrets.MoveStageInput{ID: "k", Stage: "PINNED", MoveTo: keep}))
		for i := 0; i < 105; i++ {
			f.put(t, east, "k", "v")
		}
		f.clock.Add(25 * time.Hour)
		f.put(t, east, "k", "v")
		if f.value(t, east, "k", keep, "") != "keep" {
			t.Fatal("a labelled version was pruned")
		}
	})
	t.Run("hard_limit", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, east, "h", "v")
		for i := 1; i < secrets.MaxVersions; i++ {
			f.put(t, east, "h", "v")
		}
		_, err := f.svc.PutValue(east, secrets.PutInput{ID: "h", Value: *text("v")})
		wantCode(t, err, arca.ELimit)
		f.clock.Add(secrets.PruneAge)
		f.put(t, east, "h", "v") // old deprecated versions make room
	})
}
