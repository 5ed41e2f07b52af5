package secrets_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

// holders returns label -> version id, from VersionIdsToStages.
func holders(m map[string][]string) map[string]string {
	out := map[string]string{}
	for id, labels := range m {
		for _, l := range labels {
			out[l] = id
		}
	}
	return out
}

func TestService_PutValue_stages(t *testing.T) {
	t.Run("current_moves_previous_follows", func(t *testing.T) {
		f := newFixture(t)
		v1 := f.create(t, east, "s", "one").VersionID
		v2 := f.put(t, east, "s", "two")
		if !reflect.DeepEqual(v2.Stages, []string{"AWSCURRENT"}) {
			t.Fatalf("new version stages = %v", v2.Stages)
		}
		want := map[string][]string{v1: {"AWSPREVIOUS"}, v2.VersionID: {"AWSCURRENT"}}
		if got := f.stages(t, east, "s"); !reflect.DeepEqual(got, want) {
			t.Fatalf("stages = %v, want %v", got, want)
		}
		v3 := f.put(t, east, "s", "three").VersionID
		want = map[string][]string{v2.VersionID: {"AWSPREVIOUS"}, v3: {"AWSCURRENT"}}
		if got := f.stages(t, east, "s"); !reflect.DeepEqual(got, want) {
			t.Fatalf("stages = %v, want %v (v1 must be deprecated)", got, want)
		}
		if got := f.value(t, east, "s", "", "AWSPREVIOUS"); got != "two" {
			t.Fatalf("AWSPREVIOUS = %q", got)
		}
		if got := f.value(t, east, "s", v1, ""); got != "one" {
			t.Fatalf("deprecated version = %q", got)
		}
	})
	t.Run("custom_stage_leaves_current", func(t *testing.T) {
		f := newFixture(t)
		v1 := f.create(t, east, "s", "one").VersionID
		v2 := f.put(t, east, "s", "two", "STAGING").VersionID
		want := map[string][]string{v1: {"AWSCURRENT"}, v2: {"STAGING"}}
		if got := f.stages(t, east, "s"); !reflect.DeepEqual(got, want) {
			t.Fatalf("stages = %v, want %v", got, want)
		}
		v3 := f.put(t, east, "s", "three", "STAGING", "AWSCURRENT").VersionID
		want = map[string][]string{v1: {"AWSPREVIOUS"}, v3: {"STAGING", "AWSCURRENT"}}
		if got := f.stages(t, east, "s"); !reflect.DeepEqual(got, want) {
			t.Fatalf("stages = %v, want %v", got, want)
		}
	})
	t.Run("first_version_is_current", func(t *testing.T) {
		f := newFixture(t)
		must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "s"}))
		v := f.put(t, east, "s", "one", "AWSPENDING")
		sort.Strings(v.Stages)
		if !reflect.DeepEqual(v.Stages, []string{"AWSCURRENT", "AWSPENDING"}) {
			t.Fatalf("first version stages = %v", v.Stages)
		}
	})
	t.Run("retry_changes_nothing", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, east, "s", "one")
		in := secrets.PutInput{ID: "s", Token: token(3), Value: *text("two")}
		first := must[*secrets.WriteResult](t)(f.svc.PutValue(east, in))
		before := f.stages(t, east, "s")
		again := must[*secrets.WriteResult](t)(f.svc.PutValue(east, in))
		if again.VersionID != first.VersionID || !reflect.DeepEqual(again.Stages, first.Stages) {
			t.Fatalf("retry = %+v, first = %+v", again, first)
		}
		if got := f.stages(t, east, "s"); !reflect.DeepEqual(got, before) {
			t.Fatalf("a retry moved stages: %v -> %v", before, got)
		}
		in.Value = *text("three")
		_, err := f.svc.PutValue(east, in)
		wantCode(t, err, arca.EExists)
		if got := f.value(t, east, "s", token(3), ""); got != "two" {
			t.Fatalf("version after refused put = %q", got)
		}
		bin := secrets.PutInput{ID: "s", Token: token(3), Value: secrets.Content{Data: arca.Value("two"), Binary: true}}
		_, err = f.svc.PutValue(east, bin)
		wantCode(t, err, arca.EExists) // same bytes, other kind: another value
	})
	t.Run("stage_limit", func(t *testing.T) {
		f := newFixture(t)
		f.create(t, east, "s", "one")
		for i := 0; i < 19; i++ {
			f.put(t, east, "s", "v", "L"+string(rune('a'+i)))
		}
		_, err := f.svc.PutValue(east, secrets.PutInput{ID: "s", Value: *text("v"), Stages: []string{"ONE-TOO-MANY"}})
		wantCode(t, err, arca.ELabelLimit)
	})
}

func TestService_MoveStage(t *testing.T) {
	f := newFixture(t)
	v1 := f.create(t, east, "s", "one").VersionID
	v2 := f.put(t, east, "s", "two").VersionID
	v3 := f.put(t, east, "s", "three", "TEST").VersionID
	move := func(stage, to, from string) error {
		_, err := f.svc.MoveStage(east, secrets.MoveStageInput{ID: "s", Stage: stage, MoveTo: to, RemoveFrom: from})
		return err
	}
	cases := []struct {
		name            string
		stage, to, from string
		code            arca.Code
		holders         map[string]string // after, for the labels named
	}{
		{"needs_remove_from", "AWSCURRENT", v3, "", arca.EInvalid, nil},
		{"wrong_remove_from", "AWSCURRENT", v3, v1, arca.EInvalid, nil},
		{"unknown_move_to", "AWSCURRENT", token(9), v2, arca.EInvalid, nil},
		{"neither", "TEST", "", "", arca.EInvalid, nil},
		{"current_cannot_just_go", "AWSCURRENT", "", v2, arca.EInvalid, nil},
		{"add_new_label", "BLUE", v1, "", "", map[string]string{"BLUE": v1}},
		{"roll_forward", "AWSCURRENT", v3, v2, "", map[string]string{"AWSCURRENT": v3, "AWSPREVIOUS": v2, "TEST": v3}},
		{"roll_back", "AWSCURRENT", v2, v3, "", map[string]string{"AWSCURRENT": v2, "AWSPREVIOUS": v3}},
		{"already_there", "AWSCURRENT", v2, "", "", map[string]string{"AWSCURRENT": v2, "AWSPREVIOUS": v3}},
		{"remove_custom", "TEST", "", v3, "", map[string]string{"TEST": ""}},
		{"move_custom", "BLUE", v3, v1, "", map[string]string{"BLUE": v3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := f.stages(t, east, "s")
			err := move(tc.stage, tc.to, tc.from)
			wantCode(t, err, tc.code)
			got := holders(f.stages(t, east, "s"))
			if tc.code != "" {
				if !reflect.DeepEqual(holders(before), got) {
					t.Fatalf("a refused move changed stages: %v -> %v", before, got)
				}
				return
			}
			for label, id := range tc.holders {
				if got[label] != id {
					t.Fatalf("%s is on %q, want %q (all: %v)", label, got[label], id, got)
				}
			}
		})
	}
	if got := f.value(t, east, "s", "", ""); got != "two" {
		t.Fatalf("AWSCURRENT value after the moves = %q", got)
	}
}

func TestService_GetValue_selectors(t *testing.T) {
	f := newFixture(t)
	v1 := f.create(t, east, "s", "one").VersionID
	f.put(t, east, "s", "two")
	if got := f.value(t, east, "s", v1, "AWSPREVIOUS"); got != "one" {
		t.Fatalf("by id and stage = %q", got)
	}
	_, err := f.svc.GetValue(east, "s", v1, "AWSCURRENT")
	wantCode(t, err, arca.EConflict)
	_, err = f.svc.GetValue(east, "s", "", "AWSPENDING")
	wantCode(t, err, arca.EVersionNotFound)
	_, err = f.svc.GetValue(east, "s", token(7), "")
	wantCode(t, err, arca.EVersionNotFound)
}
