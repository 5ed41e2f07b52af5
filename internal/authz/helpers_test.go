package authz_test

import (
	"fmt"
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

const (
	acct  = "111122223333"
	other = "444455556666"
)

var (
	alice = authz.Principal{
		ARN: "arn:aws:iam::" + acct + ":user/alice", Account: acct, Type: authz.IAMUser,
		UserName: "alice", UserID: "AIDAALICE", Tags: map[string]string{"team": "web", "CostCenter": "42"},
	}
	bob = authz.Principal{
		ARN: "arn:aws:iam::" + acct + ":user/division/bob", Account: acct, Type: authz.IAMUser,
		UserName: "bob", UserID: "AIDABOB",
	}
	root = authz.Principal{ARN: "arn:aws:iam::" + acct + ":root", Account: acct, Type: authz.Root}
	// webTask is a session of the web service's task role.
	webTask = authz.Principal{
		ARN: "arn:aws:sts::" + acct + ":assumed-role/web-task/ecs-1", Account: acct, Type: authz.AssumedRole,
		UserID: "AROAWEB:ecs-1", RoleARN: "arn:aws:iam::" + acct + ":role/web-task",
		Tags: map[string]string{"service": "web"},
	}
	// carol is a user of another account.
	carol = authz.Principal{
		ARN: "arn:aws:iam::" + other + ":user/carol", Account: other, Type: authz.IAMUser,
		UserName: "carol", UserID: "AIDACAROL",
	}
	otherRoot = authz.Principal{ARN: "arn:aws:iam::" + other + ":root", Account: other, Type: authz.Root}
	anon      = authz.Principal{Type: authz.Anonymous}
	ecsTasks  = authz.Principal{ARN: "ecs-tasks.amazonaws.com", Type: authz.AWSService}
)

// mustParse parses doc as kind and names it id.
func mustParse(t testing.TB, kind authz.Kind, id, doc string) *authz.Policy {
	t.Helper()
	p, err := authz.Parse([]byte(doc), kind)
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", id, err, doc)
	}
	p.ID = id
	return p
}

// allowAll is an identity policy allowing everything.
const allowAll = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`

// stmt wraps statement JSON objects into a 2012-10-17 document.
func stmt(statements ...string) string {
	doc := `{"Version":"2012-10-17","Statement":[`
	for i, s := range statements {
		if i > 0 {
			doc += ","
		}
		doc += s
	}
	return doc + "]}"
}

// allowStmt is an Allow statement of actions on resources.
func allowStmt(action, resource string) string {
	return fmt.Sprintf(`{"Effect":"Allow","Action":%q,"Resource":%q}`, action, resource)
}

func denyStmt(action, resource string) string {
	return fmt.Sprintf(`{"Effect":"Deny","Action":%q,"Resource":%q}`, action, resource)
}

// withoutPositions clears the statements' positions, which depend on the
// document's layout, for comparing a policy with its round trip.
func withoutPositions(p *authz.Policy) *authz.Policy {
	for i := range p.Statements {
		p.Statements[i].Start, p.Statements[i].End = authz.Position{}, authz.Position{}
	}
	return p
}
