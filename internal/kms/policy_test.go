package kms_test

import (
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
)

func TestValidatePolicy(t *testing.T) {
	stmt := `{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}`
	cases := []struct {
		name string
		doc  string
		code arca.Code
	}{
		{"default", kms.DefaultPolicy("us-east-1", "000000000000"), ""},
		{"one_statement_object", `{"Statement":` + stmt + `}`, ""},
		{"not_principal_not_action", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"x"},"NotAction":"kms:Decrypt","NotResource":"y"}]}`, ""},
		{"not_json", `{"Statement":`, arca.EBadPolicy},
		{"array", `[` + stmt + `]`, arca.EBadPolicy},
		{"no_statement", `{"Version":"2012-10-17"}`, arca.EBadPolicy},
		{"null_statement", `{"Statement":null}`, arca.EBadPolicy},
		{"empty_statement", `{"Statement":[]}`, arca.EBadPolicy},
		{"statement_string", `{"Statement":"x"}`, arca.EBadPolicy},
		{"bad_effect", `{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"a","Resource":"*"}]}`, arca.EBadPolicy},
		{"no_principal", `{"Statement":[{"Effect":"Allow","Action":"a","Resource":"*"}]}`, arca.EBadPolicy},
		{"no_action", `{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}`, arca.EBadPolicy},
		{"no_resource", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a"}]}`, arca.EBadPolicy},
		{"null_in_list", `{"Statement":[null]}`, arca.EBadPolicy},
		{"bad_version", `{"Version":"2020-01-01","Statement":` + stmt + `}`, arca.EBadPolicy},
		{"too_big", `{"Statement":` + stmt + `,"Id":"` + strings.Repeat("x", kms.MaxPolicyBytes) + `"}`, arca.ELimit},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := arca.ErrorCode(kms.ValidatePolicy(tc.doc)); got != tc.code {
				t.Fatalf("code %q, want %q", got, tc.code)
			}
		})
	}
}

func TestService_Policy(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"mine","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}`
	ok(t, f.svc.PutPolicy(f.ctx, region, k.ID, "default", doc))
	got, err := f.svc.GetPolicy(f.ctx, region, k.ARN(), "")
	ok(t, err)
	if got != doc {
		t.Fatalf("policy %s, want it as stored", got)
	}
	wantCode(t, f.svc.PutPolicy(f.ctx, region, k.ID, "", `{"Statement":[]}`), arca.EBadPolicy)
	wantCode(t, f.svc.PutPolicy(f.ctx, region, k.ID, "other", doc), arca.ENotFound)
	_, err = f.svc.GetPolicy(f.ctx, region, k.ID, "other")
	wantCode(t, err, arca.ENotFound)
	_, err = f.svc.GetPolicy(f.ctx, region, "alias/aws/ssm", "")
	wantCode(t, err, arca.EKeyInvalid)

	custom, err := f.svc.Create(f.ctx, region, kms.CreateInput{Policy: doc})
	ok(t, err)
	if got, _ := f.svc.GetPolicy(f.ctx, region, custom.ID, ""); got != doc {
		t.Fatalf("CreateKey's policy was not kept: %s", got)
	}
	// A key pending deletion keeps its policy and may still get a new one.
	_, err = f.svc.ScheduleDeletion(f.ctx, region, custom.ID, 7)
	ok(t, err)
	ok(t, f.svc.PutPolicy(f.ctx, region, custom.ID, "", kms.DefaultPolicy(region, account)))
}
