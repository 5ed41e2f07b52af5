package inject_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

// TestResolve_Batching: 25 parameters take three GetParameters calls of
// at most ten names, and 45 secrets three secret calls of at most twenty.
func TestResolve_Batching(t *testing.T) {
	f := newFake()
	var b strings.Builder
	for i := range 25 {
		f.putParam(fmt.Sprintf("/ns/svc/P%02d", i), "String", "v")
		fmt.Fprintf(&b, "- name: P%02d\n  required: true\n", i)
	}
	for i := range 45 {
		f.putSecret(fmt.Sprintf("s%02d", i), `{"k":"v"}`)
		fmt.Fprintf(&b, "- name: S%02d\n  secret:\n    id: s%02d\n    key: k\n- name: T%02d\n  secret:\n    id: s%02d\n", i, i, i, i)
	}
	vars, err := inject.ParseVars("v.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := inject.Resolve(context.Background(), f, inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: "/ns", Service: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(false); err != nil {
		t.Fatal(err)
	}
	if len(res.Vars()) != 25+90 {
		t.Fatalf("%d variables", len(res.Vars()))
	}
	if f.paramCalls != 3 || f.maxParamBatch != inject.MaxParameterBatch {
		t.Errorf("parameter calls %d (largest %d), want 3 (10)", f.paramCalls, f.maxParamBatch)
	}
	if f.secretCalls != 3 || f.maxSecretBatch != inject.MaxSecretBatch {
		t.Errorf("secret calls %d (largest %d), want 3 (20)", f.secretCalls, f.maxSecretBatch)
	}
}

func TestChanged(t *testing.T) {
	ctx := context.Background()
	f := newFake()
	f.putParam("/ns/A", "String", "1")
	f.putSecret("s", `{"k":"v1"}`)
	f.putParam("/p/X", "String", "x")
	vars, _ := inject.ParseVars("v.yaml", []byte("- name: A\n- name: B\n- name: K\n  secret:\n    id: s\n    key: k\n"))
	plan := inject.Plan{Sources: []inject.Source{{Vars: vars}, {Path: "/p"}}, Namespace: "/ns"}
	deps := resolve(t, f, plan).Deps
	check := func(name string, want bool) {
		t.Helper()
		got, err := inject.Changed(ctx, f, deps)
		if err != nil || got != want {
			t.Fatalf("%s: Changed = %v, %v; want %v", name, got, err, want)
		}
		deps = resolve(t, f, plan).Deps
	}
	calls := f.paramCalls
	check("nothing", false)
	if f.paramCalls-calls > 2 {
		t.Errorf("a check that found nothing made %d parameter calls plus a resolve", f.paramCalls-calls)
	}
	f.putParam("/ns/A", "String", "2")
	check("parameter", true)
	f.putParam("/ns/B", "String", "new")
	check("parameter created", true)
	f.putSecret("s", `{"k":"v2"}`)
	check("secret", true)
	f.putParam("/p/Y", "String", "y")
	check("path", true)
	f.down = true
	if _, err := inject.Changed(ctx, f, deps); err == nil {
		t.Fatal("an unreachable server is an error, not a change")
	}
}
