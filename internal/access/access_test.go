package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/memory"
)

const acct = "000000000000"

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// setup returns an Authorizer over a real identity service, and the
// context of user alice holding the inline policy doc.
func setup(tb testing.TB, doc string) (*access.Authorizer, context.Context) {
	tb.Helper()
	st := memory.New()
	tb.Cleanup(func() { _ = st.Close() })
	root, err := keyring.NewRoot(make([]byte, keyring.KeySize))
	check(tb, err)
	id := identity.New(identity.Config{Store: st, Root: root, Account: acct, Now: func() time.Time { return now }})
	rctx := arca.WithCaller(context.Background(), &arca.Caller{Account: acct, Region: "us-east-1", ARN: "arn:aws:iam::" + acct + ":root", PrincipalID: acct, Type: identity.TypeRoot, AccessKeyID: "test"})
	_, err = id.CreateUser(rctx, "alice", "/", nil)
	check(tb, err)
	if doc != "" {
		check(tb, id.PutInlinePolicy(rctx, identity.KindUser, "alice", "p", doc))
	}
	k, err := id.CreateAccessKey(rctx, "alice")
	check(tb, err)
	c, err := id.Authenticate(rctx, k.ID, "", "us-east-1", "ssm")
	check(tb, err)
	c.SourceIP = "10.0.0.1"
	return access.New(id, access.Config{Now: func() time.Time { return now }}), arca.WithCaller(context.Background(), c)
}

func check(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

const webPolicy = `{"Version":"2012-10-17","Statement":[
 {"Effect":"Allow","Action":["ssm:GetParameter*"],"Resource":["arn:aws:ssm:us-east-1:000000000000:parameter/prod/web/*","arn:aws:ssm:us-east-1:000000000000:parameter/prod/shared/*"]},
 {"Effect":"Deny","Action":"ssm:*","Resource":"arn:aws:ssm:us-east-1:000000000000:parameter/prod/web/locked"},
 {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.168.0.0/16"}}}]}`

func param(name string) string { return "arn:aws:ssm:us-east-1:000000000000:parameter" + name }

func TestAuthorizer_Authorize(t *testing.T) {
	az, ctx := setup(t, webPolicy)
	keyARN := "arn:aws:kms:us-east-1:000000000000:key/11111111-1111-1111-1111-111111111111"
	secretARN := "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf"
	aliceARN := "arn:aws:iam::000000000000:user/alice"
	tests := []struct {
		name string
		a    arca.Access
		want string // "" = allowed; else a fragment of the message
	}{
		{"allowed", arca.Access{Action: "ssm:GetParameter", Resource: param("/prod/web/db")}, ""},
		{"shared", arca.Access{Action: "ssm:GetParameters", Resource: param("/prod/shared/x")}, ""},
		{"implicit_deny", arca.Access{Action: "ssm:GetParameter", Resource: param("/prod/worker/db")}, "because no identity-based policy allows the ssm:GetParameter action"},
		{"explicit_deny", arca.Access{Action: "ssm:GetParameter", Resource: param("/prod/web/locked")}, "with an explicit deny in an identity-based policy"},
		{"condition_not_met", arca.Access{Action: "secretsmanager:GetSecretValue", Resource: secretARN}, "no identity-based policy"},
		{"resource_policy_allows", arca.Access{Action: "secretsmanager:DescribeSecret", Resource: secretARN,
			ResourcePolicy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + aliceARN + `"},"Action":"secretsmanager:*","Resource":"*"}]}`)}, ""},
		{"resource_policy_denies", arca.Access{Action: "ssm:GetParameter", Resource: param("/prod/web/db"),
			ResourcePolicy: []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`)}, "explicit deny in a resource-based policy"},
		{"customer_key_no_grant", arca.Access{Action: "kms:Decrypt", Resource: keyARN, ResourcePolicy: []byte(defaultKeyPolicy)}, "kms:Decrypt"},
		{"managed_key", arca.Access{Action: "kms:Decrypt", Resource: keyARN, Managed: true}, ""},
		{"context_key", arca.Access{Action: "secretsmanager:GetSecretValue", Resource: secretARN, Context: map[string][]string{"aws:SourceIp": {"192.168.1.1"}}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := az.Authorize(ctx, tc.a)
			if tc.want == "" {
				check(t, err)
				return
			}
			if arca.ErrorCode(err) != arca.EDenied {
				t.Fatalf("err = %v, want EDenied", err)
			}
			msg := arca.ErrorMessage(err)
			if !strings.HasPrefix(msg, "User: "+aliceARN+" is not authorized to perform: "+tc.a.Action+" on resource: "+tc.a.Resource+" ") || !strings.Contains(msg, tc.want) {
				t.Errorf("message = %q", msg)
			}
			var d *access.Denial
			if !errors.As(err, &d) || d.Decision.Allowed {
				t.Errorf("no Denial in %v", err)
			}
		})
	}
}

const defaultKeyPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}`

func TestAuthorizer_managedExplicitDeny(t *testing.T) {
	az, ctx := setup(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`)
	err := az.Authorize(ctx, arca.Access{Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:000000000000:key/x", Managed: true})
	if arca.ErrorCode(err) != arca.EDenied {
		t.Fatalf("err = %v, want EDenied", err)
	}
}

func TestAuthorizer_keyPolicyGrant(t *testing.T) {
	az, ctx := setup(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`)
	a := arca.Access{Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:000000000000:key/x", ResourcePolicy: []byte(defaultKeyPolicy)}
	check(t, az.Authorize(ctx, a))
	// A key policy that does not name the account refuses even so.
	a.ResourcePolicy = []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/bob"},"Action":"kms:*","Resource":"*"}]}`)
	if err := az.Authorize(ctx, a); arca.ErrorCode(err) != arca.EDenied {
		t.Fatalf("err = %v, want EDenied", err)
	}
	d, err := az.Decide(ctx, a)
	check(t, err)
	if d.Allowed || d.Reason.Kind != authz.KeyPolicy {
		t.Errorf("decision = %+v", d)
	}
}

func TestAuthorizer_root(t *testing.T) {
	az, _ := setup(t, "")
	ctx := arca.WithCaller(context.Background(), &arca.Caller{Account: acct, Region: "us-east-1", ARN: "arn:aws:iam::" + acct + ":root", PrincipalID: acct, Type: identity.TypeRoot})
	check(t, az.Authorize(ctx, arca.Access{Action: "ssm:GetParameter", Resource: param("/prod/worker/db")}))
}

func TestAuthorizer_noCaller(t *testing.T) {
	az, _ := setup(t, "")
	if err := az.Authorize(context.Background(), arca.Access{Action: "ssm:GetParameter", Resource: "*"}); arca.ErrorCode(err) != arca.EUnauthenticated {
		t.Fatalf("err = %v", err)
	}
}

// TestAuthorizer_requestKeys: the keys every request has come from the
// caller and the injected clock, on demand, and Access.Lookup adds the
// core's own.
func TestAuthorizer_requestKeys(t *testing.T) {
	az, ctx := setup(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
	 "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
	 "DateLessThan":{"aws:CurrentTime":"2026-01-03T00:00:00Z"},
	 "NumericGreaterThan":{"aws:EpochTime":"1700000000"},
	 "Bool":{"aws:SecureTransport":"false"},
	 "StringEquals":{"aws:RequestedRegion":"us-east-1"},
	 "StringEqualsIfExists":{"secretsmanager:Name":"db"}}}]}`)
	a := arca.Access{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf"}
	check(t, az.Authorize(ctx, a))
	a.Lookup = func(k string) ([]string, bool) {
		if k == "secretsmanager:name" {
			return []string{"other"}, true
		}
		return nil, false
	}
	if err := az.Authorize(ctx, a); arca.ErrorCode(err) != arca.EDenied {
		t.Fatalf("secretsmanager:Name from Lookup not used: %v", err)
	}
}
