package authz_test

import (
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// keyCases exercise the condition keys the core supplies through
// Request.Lookup (computed on demand) and Request.Context, and more
// permissions boundary cases.
var keyCases = []struct {
	name      string
	principal authz.Principal
	action    string
	resource  string
	ctx       ctx
	keys      ctx // served by Request.Lookup
	set       setSpec
	want      authz.Outcome
	kind      authz.Kind
}{
	// kms:ViaService: only through SSM.
	{"via_ssm_allowed", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:viaservice": {"ssm.us-east-1.amazonaws.com"}},
		setSpec{identity: []string{viaSSMOnly}}, authz.Allow, authz.Identity},
	{"via_direct_denied", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{identity: []string{viaSSMOnly}}, authz.ImplicitDeny, authz.Identity},
	{"via_secretsmanager_denied", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:viaservice": {"secretsmanager.us-east-1.amazonaws.com"}},
		setSpec{identity: []string{viaSSMOnly}}, authz.ImplicitDeny, authz.Identity},
	{"via_like_any_region", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:viaservice": {"ssm.eu-west-1.amazonaws.com"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:ViaService":"ssm.*.amazonaws.com"}}}`)}}, authz.Allow, authz.Identity},
	{"via_deny_direct_with_null", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{identity: []string{stmt(allowStmt("kms:*", "*"), `{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"Null":{"kms:ViaService":"true"}}}`)}}, authz.ExplicitDeny, authz.Identity},
	{"via_deny_null_not_applied_via_service", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:viaservice": {"ssm.us-east-1.amazonaws.com"}},
		setSpec{identity: []string{stmt(allowStmt("kms:*", "*"), `{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"Null":{"kms:ViaService":"true"}}}`)}}, authz.Allow, authz.Identity},
	{"via_in_key_policy", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:viaservice": {"ssm.us-east-1.amazonaws.com"}},
		setSpec{resourceKind: authz.KeyPolicy, resource: []string{stmt(`{"Effect":"Allow","Principal":{"AWS":"` + alice.ARN + `"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}`)}}, authz.Allow, authz.KeyPolicy},
	{"via_in_key_policy_direct", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{resourceKind: authz.KeyPolicy, resource: []string{stmt(`{"Effect":"Allow","Principal":{"AWS":"` + alice.ARN + `"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}`)}}, authz.ImplicitDeny, authz.KeyPolicy},

	// kms:CallerAccount.
	{"caller_account", alice, "kms:Encrypt", keyARN, nil, ctx{"kms:calleraccount": {acct}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"` + acct + `"}}}`)}}, authz.Allow, authz.Identity},
	{"caller_account_other", alice, "kms:Encrypt", keyARN, nil, ctx{"kms:calleraccount": {other}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"` + acct + `"}}}`)}}, authz.ImplicitDeny, authz.Identity},

	// kms:EncryptionContext:K and kms:EncryptionContextKeys.
	{"ec_value", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:encryptioncontext:app": {"web"}, "kms:encryptioncontextkeys": {"app"}},
		setSpec{identity: []string{ecPolicy}}, authz.Allow, authz.Identity},
	{"ec_other_value", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:encryptioncontext:app": {"worker"}, "kms:encryptioncontextkeys": {"app"}},
		setSpec{identity: []string{ecPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"ec_missing", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{identity: []string{ecPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"ec_extra_key_forallvalues", alice, "kms:Decrypt", keyARN, nil, ctx{"kms:encryptioncontext:app": {"web"}, "kms:encryptioncontextkeys": {"app", "x"}},
		setSpec{identity: []string{ecPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"ec_keys_foranyvalue", alice, "kms:GenerateDataKey", keyARN, nil, ctx{"kms:encryptioncontextkeys": {"a", "tenant"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"kms:GenerateDataKey*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":"tenant"}}}`)}}, authz.Allow, authz.Identity},

	// secretsmanager:Name, SecretId, VersionStage, VersionId, ResourceTag.
	{"sm_name_like", alice, getSecret, secretARN, nil, ctx{"secretsmanager:name": {"amply/prod/db"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*","Condition":{"StringLike":{"secretsmanager:Name":"amply/prod/*"}}}`)}}, authz.Allow, authz.Identity},
	{"sm_name_other", alice, getSecret, secretARN, nil, ctx{"secretsmanager:name": {"amply/staging/db"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*","Condition":{"StringLike":{"secretsmanager:Name":"amply/prod/*"}}}`)}}, authz.ImplicitDeny, authz.Identity},
	{"sm_secret_id_arn_like", alice, getSecret, secretARN, nil, ctx{"secretsmanager:secretid": {secretARN}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*","Condition":{"ArnLike":{"secretsmanager:SecretId":"arn:aws:secretsmanager:*:*:secret:amply/*"}}}`)}}, authz.Allow, authz.Identity},
	{"sm_version_stage_current", alice, getSecret, secretARN, ctx{"secretsmanager:VersionStage": {"AWSCURRENT"}}, nil,
		setSpec{identity: []string{stageCurrent}}, authz.Allow, authz.Identity},
	{"sm_version_stage_previous", alice, getSecret, secretARN, ctx{"secretsmanager:VersionStage": {"AWSPREVIOUS"}}, nil,
		setSpec{identity: []string{stageCurrent}}, authz.ImplicitDeny, authz.Identity},
	{"sm_version_stage_absent_ifexists", alice, getSecret, secretARN, nil, nil,
		setSpec{identity: []string{stageCurrent}}, authz.Allow, authz.Identity},
	{"sm_version_id_deny", alice, getSecret, secretARN, ctx{"secretsmanager:VersionId": {"v-old"}}, nil,
		setSpec{identity: []string{stmt(allowStmt(getSecret, "*"), `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"secretsmanager:VersionId":"v-old"}}}`)}}, authz.ExplicitDeny, authz.Identity},
	{"sm_resource_tag", alice, getSecret, secretARN, nil, ctx{"secretsmanager:resourcetag/team": {"web"}, "aws:resourcetag/team": {"web"}},
		setSpec{identity: []string{smTagPolicy}}, authz.Allow, authz.Identity},
	{"sm_resource_tag_other", alice, getSecret, secretARN, nil, ctx{"secretsmanager:resourcetag/team": {"ops"}, "aws:resourcetag/team": {"ops"}},
		setSpec{identity: []string{smTagPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"sm_resource_tag_untagged", alice, getSecret, secretARN, nil, nil,
		setSpec{identity: []string{smTagPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"aws_resource_tag_matches_principal_tag", alice, getSecret, secretARN, nil, ctx{"aws:resourcetag/team": {"web"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}`)}}, authz.Allow, authz.Identity},
	{"aws_resource_tag_mismatches_principal_tag", alice, getSecret, secretARN, nil, ctx{"aws:resourcetag/team": {"ops"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}`)}}, authz.ImplicitDeny, authz.Identity},
	{"resource_tag_in_resource_policy", bob, getSecret, secretARN, nil, ctx{"aws:resourcetag/public": {"yes"}},
		setSpec{resource: []string{stmt(`{"Effect":"Allow","Principal":{"AWS":"` + bob.ARN + `"},"Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/public":"yes"}}}`)}}, authz.Allow, authz.Resource},

	// aws:RequestTag/K and aws:TagKeys (tagging and creating calls).
	{"request_tag", alice, "secretsmanager:CreateSecret", secretARN, ctx{"aws:RequestTag/team": {"web"}, "aws:TagKeys": {"team"}}, nil,
		setSpec{identity: []string{requestTagPolicy}}, authz.Allow, authz.Identity},
	{"request_tag_other", alice, "secretsmanager:CreateSecret", secretARN, ctx{"aws:RequestTag/team": {"ops"}, "aws:TagKeys": {"team"}}, nil,
		setSpec{identity: []string{requestTagPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"request_tag_extra_key", alice, "secretsmanager:CreateSecret", secretARN, ctx{"aws:RequestTag/team": {"web"}, "aws:RequestTag/x": {"y"}, "aws:TagKeys": {"team", "x"}}, nil,
		setSpec{identity: []string{requestTagPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"request_no_tags", alice, "secretsmanager:CreateSecret", secretARN, nil, nil,
		setSpec{identity: []string{requestTagPolicy}}, authz.ImplicitDeny, authz.Identity},

	// ssm:Overwrite.
	{"ssm_overwrite_denied", alice, "ssm:PutParameter", prodWebDB, ctx{"ssm:Overwrite": {"true"}}, nil,
		setSpec{identity: []string{stmt(allowStmt("ssm:PutParameter", "*"), `{"Effect":"Deny","Action":"ssm:PutParameter","Resource":"*","Condition":{"Bool":{"ssm:Overwrite":"true"}}}`)}}, authz.ExplicitDeny, authz.Identity},
	{"ssm_new_allowed", alice, "ssm:PutParameter", prodWebDB, ctx{"ssm:Overwrite": {"false"}}, nil,
		setSpec{identity: []string{stmt(allowStmt("ssm:PutParameter", "*"), `{"Effect":"Deny","Action":"ssm:PutParameter","Resource":"*","Condition":{"Bool":{"ssm:Overwrite":"true"}}}`)}}, authz.Allow, authz.Identity},

	// Context wins over Lookup.
	{"context_over_lookup", alice, getSecret, secretARN, ctx{"secretsmanager:Name": {"amply/prod/db"}}, ctx{"secretsmanager:name": {"other"}},
		setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"secretsmanager:Name":"amply/prod/db"}}}`)}}, authz.Allow, authz.Identity},

	// Permissions boundaries.
	{"boundary_notaction_allows", alice, getSecret, secretARN, nil, nil,
		setSpec{identity: []string{allowGetSecret}, boundary: []string{stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)}}, authz.Allow, authz.Identity},
	{"boundary_notaction_excludes", alice, "iam:CreateUser", "arn:aws:iam::111122223333:user/x", nil, nil,
		setSpec{identity: []string{allowAll}, boundary: []string{stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)}}, authz.ImplicitDeny, authz.Boundary},
	{"boundary_two_statements", alice, "ssm:GetParameter", prodWebDB, nil, nil,
		setSpec{identity: []string{allowAll}, boundary: []string{stmt(allowStmt(getSecret, "*"), allowStmt("ssm:GetParameter", "arn:aws:ssm:*:*:parameter/prod/web/*"))}}, authz.Allow, authz.Identity},
	{"boundary_deny_beats_resource_policy", alice, getSecret, secretARN, nil, nil,
		setSpec{boundary: []string{stmt(allowStmt("*", "*"), denyStmt(getSecret, "*"))}, resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.ExplicitDeny, authz.Boundary},
	{"boundary_on_root_ignored_when_absent", root, getSecret, secretARN, nil, nil,
		setSpec{}, authz.Allow, authz.Identity},
	{"boundary_session_resource_session_arn", webTask, getSecret, secretARN, nil, nil,
		setSpec{boundary: []string{allowSSMRead}, session: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(sessionARN), getSecret)}}, authz.Allow, authz.Resource},
	{"boundary_session_resource_star", webTask, getSecret, secretARN, nil, nil,
		setSpec{boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.ImplicitDeny, authz.Boundary},
	{"boundary_resource_account_needs_identity", alice, getSecret, secretARN, nil, nil,
		setSpec{boundary: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws("arn:aws:iam::111122223333:root"), getSecret)}}, authz.ImplicitDeny, authz.Identity},
	{"boundary_key_policy_names_user_still_mandatory", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{resourceKind: authz.KeyPolicy, identity: []string{allowAll}, boundary: []string{allowGetSecret}, resource: []string{keyDefault}}, authz.ImplicitDeny, authz.Boundary},
	{"boundary_key_policy_direct_user", alice, "kms:Decrypt", keyARN, nil, nil,
		setSpec{resourceKind: authz.KeyPolicy, boundary: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws(alice.ARN), "kms:Decrypt")}}, authz.Allow, authz.KeyPolicy},
	{"boundary_variable", alice, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/home/alice/x", nil, nil,
		setSpec{identity: []string{allowAll}, boundary: []string{stmt(allowStmt("ssm:*", "arn:aws:ssm:*:*:parameter/home/${aws:username}/*"))}}, authz.Allow, authz.Identity},
	{"boundary_variable_other_user", alice, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/home/bob/x", nil, nil,
		setSpec{identity: []string{allowAll}, boundary: []string{stmt(allowStmt("ssm:*", "arn:aws:ssm:*:*:parameter/home/${aws:username}/*"))}}, authz.ImplicitDeny, authz.Boundary},
}

var (
	viaSSMOnly       = stmt(`{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}`)
	ecPolicy         = stmt(`{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:EncryptionContext:app":"web"},"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["app"]}}}`)
	stageCurrent     = stmt(`{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEqualsIfExists":{"secretsmanager:VersionStage":"AWSCURRENT"}}}`)
	smTagPolicy      = stmt(`{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"secretsmanager:ResourceTag/team":"web"}}}`)
	requestTagPolicy = stmt(`{"Effect":"Allow","Action":"secretsmanager:CreateSecret","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"web"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]},"Null":{"aws:TagKeys":"false"}}}`)
)

func TestEvaluate_SuppliedKeys(t *testing.T) {
	for _, c := range keyCases {
		t.Run(c.name, func(t *testing.T) {
			asked := map[string]bool{}
			req := authz.Request{Principal: c.principal, Action: c.action, Resource: c.resource, Context: c.ctx,
				Lookup: func(k string) ([]string, bool) {
					if k != strings.ToLower(k) {
						t.Errorf("Lookup(%q): the key is not in lower case", k)
					}
					asked[k] = true
					v, ok := c.keys[k]
					return v, ok
				}}
			d := authz.Evaluate(req, c.set.build(t))
			if d.Outcome != c.want || d.Reason.Kind != c.kind {
				t.Fatalf("Outcome %v (kind %v), want %v (kind %v); %+v", d.Outcome, d.Reason.Kind, c.want, c.kind, d.Reason)
			}
		})
	}
}

// TestEvaluate_LookupIsLazy: keys that no condition names are never asked
// for.
func TestEvaluate_LookupIsLazy(t *testing.T) {
	p := mustParse(t, authz.Identity, "p", stmt(allowStmt(getSecret, "*"), `{"Effect":"Allow","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}`))
	var asked []string
	look := func(k string) ([]string, bool) { asked = append(asked, k); return nil, false }
	authz.Evaluate(authz.Request{Principal: alice, Action: getSecret, Resource: secretARN, Lookup: look}, authz.Set{Identity: []*authz.Policy{p}})
	if len(asked) != 0 {
		t.Fatalf("asked for %v without a condition naming them", asked)
	}
	authz.Evaluate(authz.Request{Principal: alice, Action: "kms:Decrypt", Resource: keyARN, Lookup: look}, authz.Set{Identity: []*authz.Policy{p}})
	if len(asked) != 1 || asked[0] != "kms:viaservice" {
		t.Fatalf("asked for %v, want [kms:viaservice]", asked)
	}
}

// TestEvaluate_Positions: decisions carry the deciding statement's place
// in its document.
func TestEvaluate_Positions(t *testing.T) {
	doc := "{\"Version\":\"2012-10-17\",\n\"Statement\":[\n  {\"Effect\":\"Allow\",\"Action\":\"ssm:*\",\"Resource\":\"*\"},\n  {\"Effect\":\"Deny\",\n   \"Action\":\"ssm:DeleteParameter\",\"Resource\":\"*\"}\n]}"
	p := mustParse(t, authz.Identity, "p", doc)
	d := authz.Evaluate(authz.Request{Principal: alice, Action: "ssm:GetParameter", Resource: prodWebDB}, authz.Set{Identity: []*authz.Policy{p}})
	if d.Reason.Start != (authz.Position{Line: 3, Column: 3}) || d.Reason.End != (authz.Position{Line: 3, Column: 53}) {
		t.Errorf("allow: %+v – %+v", d.Reason.Start, d.Reason.End)
	}
	d = authz.Evaluate(authz.Request{Principal: alice, Action: "ssm:DeleteParameter", Resource: prodWebDB}, authz.Set{Identity: []*authz.Policy{p}})
	if d.Reason.Start != (authz.Position{Line: 4, Column: 3}) || d.Reason.End != (authz.Position{Line: 5, Column: 50}) {
		t.Errorf("deny: %+v – %+v", d.Reason.Start, d.Reason.End)
	}
}
