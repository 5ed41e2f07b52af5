package cli

// White-box test of the --oidc-issuer flag's parser.

import (
	"reflect"
	"testing"

	"github.com/arca-vault/arca/internal/wire/awssts"
)

func TestOIDCIssuerFlag(t *testing.T) {
	var got []awssts.Issuer
	f := oidcIssuers{&got}
	if err := f.Set("https://token.actions.githubusercontent.com,jwks=/etc/gh.jwks,audience=sts.amazonaws.com"); err != nil {
		t.Fatal(err)
	}
	if err := f.Set("url=https://k8s.example/,jwks=https://k8s.example/openid/v1/jwks;https://b.example,jwks=b.json,audience=x,audience=y"); err != nil {
		t.Fatal(err)
	}
	want := []awssts.Issuer{
		{URL: "https://token.actions.githubusercontent.com", JWKS: "/etc/gh.jwks", Audiences: []string{"sts.amazonaws.com"}},
		{URL: "https://k8s.example/", JWKS: "https://k8s.example/openid/v1/jwks"},
		{URL: "https://b.example", JWKS: "b.json", Audiences: []string{"x", "y"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for name, bad := range map[string]string{
		"no_jwks":        "https://a.example",
		"not_a_url":      "issuer,jwks=f",
		"unknown_key":    "https://a.example,jwks=f,aud=x",
		"empty_audience": "https://a.example,jwks=f,audience=",
		"twice":          "https://b.example,jwks=f",
	} {
		if err := f.Set(bad); err == nil {
			t.Errorf("%s: Set(%q) = nil, want an error", name, bad)
		}
	}
}
