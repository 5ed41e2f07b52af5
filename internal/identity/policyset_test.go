package identity_test

import (
	"context"
	"errors"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
)

const (
	allowAll   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	readOnly   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:Get*","Resource":"*"}]}`
	trustAcct  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}`
	policyARN  = "arn:aws:iam::000000000000:policy/managed"
	roleARN    = "arn:aws:iam::000000000000:role/app"
	sessionDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"}]}`
)

func ids(pol *identity.Policies) (idn, sess []string) {
	for _, p := range pol.Identity {
		idn = append(idn, p.ID)
	}
	for _, p := range pol.Session {
		sess = append(sess, p.ID)
	}
	return idn, sess
}

func TestService_PolicySet(t *testing.T) {
	s := newService(t)
	ctx := rootCtx()
	_, err := s.CreateUser(ctx, "alice", "/", []identity.Tag{{Key: "team", Value: "red"}})
	check(t, err)
	check(t, s.PutInlinePolicy(ctx, identity.KindUser, "alice", "own", readOnly))
	_, err = s.CreatePolicy(ctx, identity.PolicyInput{Name: "managed", Document: allowAll})
	check(t, err)
	_, err = s.CreateGroup(ctx, "devs", "")
	check(t, err)
	check(t, s.AddUserToGroup(ctx, "devs", "alice"))
	check(t, s.AttachPolicy(ctx, identity.KindGroup, "devs", policyARN))
	key, err := s.CreateAccessKey(ctx, "alice")
	check(t, err)
	caller, err := s.Authenticate(ctx, key.ID, "", "us-east-1", "iam")
	check(t, err)

	t.Run("user_and_groups", func(t *testing.T) {
		pol, err := s.PolicySet(ctx, caller)
		check(t, err)
		idn, sess := ids(pol)
		if len(idn) != 2 || idn[0] != "user/alice/inline/own" || idn[1] != policyARN || len(sess) != 0 {
			t.Fatalf("policies = %v %v", idn, sess)
		}
		if pol.Principal.UserName != "alice" || pol.Principal.Tags["team"] != "red" || pol.Principal.Type != "IAMUser" {
			t.Fatalf("principal = %+v", pol.Principal)
		}
	})
	t.Run("change_seen_at_once", func(t *testing.T) {
		check(t, s.DetachPolicy(ctx, identity.KindGroup, "devs", policyARN))
		pol, err := s.PolicySet(ctx, caller)
		check(t, err)
		if idn, _ := ids(pol); len(idn) != 1 {
			t.Fatalf("after detach = %v", idn)
		}
	})
	t.Run("role_session", func(t *testing.T) {
		_, err := s.CreateRole(ctx, identity.RoleInput{Name: "app", TrustPolicy: trustAcct})
		check(t, err)
		check(t, s.PutInlinePolicy(ctx, identity.KindRole, "app", "r", allowAll))
		a, err := s.AssumeRole(ctx, identity.AssumeRoleInput{RoleARN: roleARN, SessionName: "s1", Policy: sessionDoc, PolicyARNs: []string{policyARN},
			Tags: []identity.Tag{{Key: "team", Value: "blue"}}})
		if arca.ErrorCode(err) == arca.EDenied {
			// session tags need sts:TagSession in the trust policy
			check(t, s.UpdateAssumeRolePolicy(ctx, "app", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`))
			a, err = s.AssumeRole(ctx, identity.AssumeRoleInput{RoleARN: roleARN, SessionName: "s1", Policy: sessionDoc, PolicyARNs: []string{policyARN},
				Tags: []identity.Tag{{Key: "team", Value: "blue"}}})
		}
		check(t, err)
		sc, err := s.Authenticate(ctx, a.Credentials.AccessKeyID, a.Credentials.SessionToken.Reveal(), "us-east-1", "ssm")
		check(t, err)
		pol, err := s.PolicySet(ctx, sc)
		check(t, err)
		idn, sess := ids(pol)
		if len(idn) != 1 || idn[0] != "role/app/inline/r" || len(sess) != 2 || sess[0] != "session/inline" || sess[1] != policyARN {
			t.Fatalf("policies = %v %v", idn, sess)
		}
		if pol.Principal.RoleARN != roleARN || pol.Principal.Tags["team"] != "blue" || pol.Principal.UserID != a.AssumedRoleID {
			t.Fatalf("principal = %+v", pol.Principal)
		}
		check(t, s.DeleteInlinePolicy(ctx, identity.KindRole, "app", "r"))
		check(t, s.DeleteRole(ctx, "app"))
		_, err = s.PolicySet(ctx, sc)
		if !errors.Is(err, identity.ErrUnknownKey) {
			t.Fatalf("PolicySet of a deleted role's session = %v", err)
		}
	})
	t.Run("root", func(t *testing.T) {
		pol, err := s.PolicySet(context.Background(), arca.CallerFrom(ctx))
		check(t, err)
		if pol.Principal.Type != "Root" || len(pol.Identity) != 0 {
			t.Fatalf("root = %+v", pol)
		}
	})
	t.Run("principal_policies", func(t *testing.T) {
		pol, err := s.PrincipalPolicies(ctx, "arn:aws:iam::000000000000:user/alice")
		check(t, err)
		if idn, _ := ids(pol); len(idn) != 1 {
			t.Fatalf("PrincipalPolicies = %v", idn)
		}
		_, err = s.PrincipalPolicies(ctx, "arn:aws:iam::111111111111:user/alice")
		if arca.ErrorCode(err) != arca.EInvalid {
			t.Fatalf("other account: %v", err)
		}
	})
}

func TestService_PurgeSessions(t *testing.T) {
	s := newService(t)
	ctx := rootCtx()
	for range 3 {
		_, err := s.GetSessionToken(ctx, 900)
		check(t, err)
	}
	n, err := s.PurgeSessions(ctx)
	check(t, err)
	if n != 0 {
		t.Fatalf("purged %d live sessions", n)
	}
}
