package secrets_test

import (
	"fmt"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

const readPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/app"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`

func TestService_Policy(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "s", "v")
	must[*secrets.Ref](t)(f.svc.PutPolicy(east, "s", readPolicy, true))
	if got := must[*secrets.PolicyResult](t)(f.svc.GetPolicy(east, "s")); got.Policy != readPolicy {
		t.Fatalf("policy = %q", got.Policy)
	}
	must[*secrets.Ref](t)(f.svc.DeletePolicy(east, "s"))
	if got := must[*secrets.PolicyResult](t)(f.svc.GetPolicy(east, "s")); got.Policy != "" {
		t.Fatalf("policy after delete = %q", got.Policy)
	}

	public := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"secretsmanager:*","Resource":"*"}}`
	conditioned := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"000000000000"}}}}`
	_, err := f.svc.PutPolicy(east, "s", public, true)
	wantCode(t, err, arca.EPublicPolicy)
	must[*secrets.Ref](t)(f.svc.PutPolicy(east, "s", public, false))
	must[*secrets.Ref](t)(f.svc.PutPolicy(east, "s", conditioned, true))

	for name, doc := range map[string]string{
		"not_json":        `{"Version":`,
		"not_object":      `[1]`,
		"no_statement":    `{"Version":"2012-10-17"}`,
		"bad_version":     `{"Version":"2020-01-01","Statement":[]}`,
		"bad_effect":      `{"Statement":{"Effect":"Maybe","Principal":"*","Action":"*"}}`,
		"no_principal":    `{"Statement":{"Effect":"Allow","Action":"*"}}`,
		"bad_principal":   `{"Statement":{"Effect":"Allow","Principal":{"Users":"x"},"Action":"*"}}`,
		"bad_action":      `{"Statement":{"Effect":"Allow","Principal":"*","Action":"GetSecretValue"}}`,
		"both_actions":    `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","NotAction":"*"}}`,
		"unknown_element": `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Colour":"red"}}`,
		"bad_condition":   `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Condition":{"StringEquals":{"k":{"x":1}}}}}`,
		"trailing":        `{"Statement":{"Effect":"Allow","Principal":"*","Action":"*"}} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.svc.PutPolicy(east, "s", doc, false)
			wantCode(t, err, arca.EBadPolicy)
			_, err = f.svc.ValidatePolicy(east, "", doc)
			wantCode(t, err, arca.EBadPolicy)
		})
	}

	problems := must[[]secrets.PolicyProblem](t)(f.svc.ValidatePolicy(east, "s", public))
	if len(problems) != 1 || problems[0].Check != secrets.CheckPublicAccess {
		t.Fatalf("problems = %+v", problems)
	}
	if problems := must[[]secrets.PolicyProblem](t)(f.svc.ValidatePolicy(east, "", readPolicy)); len(problems) != 0 {
		t.Fatalf("problems = %+v", problems)
	}
	_, err = f.svc.ValidatePolicy(east, "nope", readPolicy)
	wantCode(t, err, arca.ENotFound)
}

func TestService_Tags(t *testing.T) {
	f := newFixture(t)
	f.create(t, east, "s", "v")
	if err := f.svc.Tag(east, "s", []secrets.Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Tag(east, "s", []secrets.Tag{{Key: "a", Value: "3"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Untag(east, "s", []string{"b", "absent"}); err != nil {
		t.Fatal(err)
	}
	d := must[*secrets.Secret](t)(f.svc.Describe(east, "s"))
	if len(d.Tags) != 1 || d.Tags[0] != (secrets.Tag{Key: "a", Value: "3"}) {
		t.Fatalf("tags = %+v", d.Tags)
	}
	wantCode(t, f.svc.Tag(east, "s", []secrets.Tag{{Key: "aws:reserved"}}), arca.EInvalid)
	wantCode(t, f.svc.Tag(east, "s", []secrets.Tag{{Key: "x#y"}}), arca.EInvalid)
	many := make([]secrets.Tag, 50)
	for i := range many {
		many[i] = secrets.Tag{Key: fmt.Sprintf("k%d", i)}
	}
	wantCode(t, f.svc.Tag(east, "s", many), arca.ETagLimit) // 50 new + "a"
	wantCode(t, f.svc.Tag(east, "nope", []secrets.Tag{{Key: "k"}}), arca.ENotFound)
}
