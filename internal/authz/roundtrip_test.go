package authz_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// roundTripDocs are documents whose MarshalJSON form must parse back to an
// equal Policy.
var roundTripDocs = []struct {
	name string
	kind authz.Kind
	doc  string
}{
	{"web_task", authz.Identity, webTaskPolicy},
	{"secure_string_reader", authz.Identity, secureStringReader},
	{"force_mfa", authz.Identity, docForceMFA},
	{"home_folders", authz.Identity, docHomeFolders},
	{"source_ip", authz.Identity, docSourceIP},
	{"request_tags", authz.Identity, docRequestTags},
	{"key_policy", authz.KeyPolicy, keyPolicyForPartner},
	{"partner_trust", authz.Trust, partnerTrust},
	{"ecs_trust", authz.Trust, ecsTrust},
	{"not_principal", authz.Resource, notPrincipalDeny(`["111122223333","arn:aws:iam::111122223333:user/alice"]`)},
	{"principal_star", authz.Resource, resPolicy("Allow", `"*"`, getSecret)},
	{"no_version", authz.Identity, `{"Id":"x","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}"}}`},
	{"all_operators", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{` + allOperators + `}}`)},
	{"escapes", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${*}/${?}/${$}/${aws:PrincipalTag/t, 'it''s'}"}`)},
	{"json_values", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"a:n":[1,2.5]},"Bool":{"a:b":true}}}`)},
	{"html_characters", authz.Resource, doc12(`{"Sid":"<a & b>","Effect":"Allow","Principal":{"Service":"x.amazonaws.com"},"Action":"*"}`)},
}

func TestPolicy_MarshalJSON(t *testing.T) {
	for _, c := range roundTripDocs {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, c.kind, "", c.doc)
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			q, err := authz.Parse(out, c.kind)
			if err != nil {
				t.Fatalf("reparse: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(withoutPositions(p), withoutPositions(q)) {
				t.Errorf("round trip differs:\n%s", out)
			}
			again, _ := json.Marshal(q)
			if string(again) != string(out) {
				t.Errorf("MarshalJSON is not stable:\n%s\n%s", out, again)
			}
		})
	}
}
