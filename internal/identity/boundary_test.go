package identity_test

import (
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
)

func TestService_Boundary(t *testing.T) {
	s := newService(t)
	ctx := rootCtx()
	_, err := s.CreatePolicy(ctx, identity.PolicyInput{Name: "managed", Document: readOnly})
	check(t, err)
	_, err = s.CreateUser(ctx, "bob", "/", nil)
	check(t, err)
	check(t, s.PutInlinePolicy(ctx, identity.KindUser, "bob", "all", allowAll))
	key, err := s.CreateAccessKey(ctx, "bob")
	check(t, err)
	caller, err := s.Authenticate(ctx, key.ID, "", "us-east-1", "ssm")
	check(t, err)

	boundaryOf := func() []string {
		t.Helper()
		pol, err := s.PolicySet(ctx, caller)
		check(t, err)
		var out []string
		for _, p := range pol.Boundary {
			out = append(out, p.ID)
		}
		if got := pol.Set().Boundary; len(got) != len(out) {
			t.Fatalf("Set().Boundary has %d policies, want %d", len(got), len(out))
		}
		return out
	}
	if b := boundaryOf(); len(b) != 0 {
		t.Fatalf("boundary before = %v", b)
	}
	check(t, s.SetBoundary(ctx, identity.KindUser, "bob", policyARN))
	if b := boundaryOf(); len(b) != 1 || b[0] != policyARN {
		t.Fatalf("boundary = %v", b) // the cached set was replaced at once
	}
	u, err := s.GetUser(ctx, "bob")
	check(t, err)
	if u.PermissionsBoundary != policyARN {
		t.Fatalf("GetUser boundary = %q", u.PermissionsBoundary)
	}
	mp, err := s.GetPolicy(ctx, policyARN)
	check(t, err)
	if mp.BoundaryCount != 1 || mp.AttachmentCount != 0 {
		t.Fatalf("counts = %d boundary, %d attached", mp.BoundaryCount, mp.AttachmentCount)
	}
	if err := s.DeletePolicy(ctx, policyARN); arca.ErrorCode(err) != arca.EConflict {
		t.Fatalf("DeletePolicy of a boundary = %v", err)
	}

	// A new default version of the boundary policy applies at once.
	_, err = s.CreatePolicyVersion(ctx, policyARN, allowAll, true)
	check(t, err)
	pol, err := s.PolicySet(ctx, caller)
	check(t, err)
	if len(pol.Boundary) != 1 || len(pol.Boundary[0].Statements) != 1 || pol.Boundary[0].Statements[0].Action[0] != "*" {
		t.Fatalf("boundary after a new default version = %+v", pol.Boundary)
	}

	check(t, s.SetBoundary(ctx, identity.KindUser, "bob", ""))
	if b := boundaryOf(); len(b) != 0 {
		t.Fatalf("boundary after removal = %v", b)
	}
	check(t, s.SetBoundary(ctx, identity.KindUser, "bob", "")) // removing none
	if err := s.SetBoundary(ctx, identity.KindUser, "bob", "arn:aws:iam::000000000000:policy/missing"); arca.ErrorCode(err) != arca.ENotFound {
		t.Fatalf("unknown policy = %v", err)
	}
	if err := s.SetBoundary(ctx, identity.KindGroup, "devs", policyARN); arca.ErrorCode(err) != arca.EInvalid {
		t.Fatalf("group = %v", err)
	}

	// Roles: at creation, for simulation, and freed on deletion.
	_, err = s.CreateRole(ctx, identity.RoleInput{Name: "app", TrustPolicy: trustAcct, PermissionsBoundary: policyARN})
	check(t, err)
	sim, err := s.PrincipalPolicies(ctx, roleARN)
	check(t, err)
	if len(sim.Boundary) != 1 {
		t.Fatalf("simulated role boundary = %d policies", len(sim.Boundary))
	}
	check(t, s.DeleteRole(ctx, "app"))
	mp, err = s.GetPolicy(ctx, policyARN)
	check(t, err)
	if mp.BoundaryCount != 0 {
		t.Fatalf("boundary count after DeleteRole = %d", mp.BoundaryCount)
	}
	_, err = s.CreateUserWithBoundary(ctx, "carol", "/", "arn:aws:iam::000000000000:policy/missing", nil)
	if arca.ErrorCode(err) != arca.ENotFound {
		t.Fatalf("CreateUserWithBoundary with an unknown policy = %v", err)
	}
	if _, err := s.GetUser(ctx, "carol"); arca.ErrorCode(err) != arca.ENotFound {
		t.Fatalf("a refused CreateUser left the user: %v", err)
	}
}
