package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// variableCase: an identity policy (Version given) allowing s3:* and ssm:*
// on the Resource template, asked by principal for resource.
type variableCase struct {
	name      string
	version   string
	template  string
	principal authz.Principal
	ctx       ctx
	resource  string
	want      bool
}

var variableCases = []variableCase{
	{"username_home", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/alice/notes.txt", true},
	{"username_home_other_user", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/bob/notes.txt", false},
	{"username_home_bob", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", bob, nil, "arn:aws:s3:::bucket/home/bob/notes.txt", true},
	{"username_prefix_is_not_enough", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/alicex/notes.txt", false},
	{"username_role_session_has_none", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", webTask, nil, "arn:aws:s3:::bucket/home/web-task/x", false},
	{"username_root_has_none", "2012-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", root, nil, "arn:aws:s3:::bucket/home/root/x", true}, // root needs no policy
	{"username_2008_literal", "2008-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/alice/x", false},
	{"username_2008_literal_match", "2008-10-17", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/${aws:username}/x", true},
	{"no_version_literal", "", "arn:aws:s3:::bucket/home/${aws:username}/*", alice, nil, "arn:aws:s3:::bucket/home/alice/x", false},
	{"username_key_case_insensitive", "2012-10-17", "arn:aws:s3:::bucket/${AWS:UserName}/*", alice, nil, "arn:aws:s3:::bucket/alice/x", true},
	{"userid", "2012-10-17", "arn:aws:s3:::bucket/${aws:userid}/*", alice, nil, "arn:aws:s3:::bucket/AIDAALICE/x", true},
	{"userid_session", "2012-10-17", "arn:aws:s3:::bucket/${aws:userid}/*", webTask, nil, "arn:aws:s3:::bucket/AROAWEB:ecs-1/x", true},
	{"principal_tag", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/team}/*", alice, nil, "arn:aws:ssm:us-east-1:111122223333:parameter/web/x", true},
	{"principal_tag_other", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/team}/*", alice, nil, "arn:aws:ssm:us-east-1:111122223333:parameter/api/x", false},
	{"principal_tag_session", "2012-10-17", "arn:aws:ssm:*:*:parameter/prod/${aws:PrincipalTag/service}/*", webTask, nil, prodWebDB, true},
	{"principal_tag_missing", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/nope}/*", alice, nil, "arn:aws:ssm:us-east-1:111122223333:parameter//x", false},
	{"principal_tag_default", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/nope, 'shared'}/*", alice, nil, "arn:aws:ssm:us-east-1:111122223333:parameter/shared/x", true},
	{"default_with_quote", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalTag/nope, 'it''s'}/*", alice, nil, "arn:aws:s3:::b/it's/x", true},
	{"default_with_spaces", "2012-10-17", "arn:aws:s3:::b/${ aws:PrincipalTag/nope , 'x y' }/*", alice, nil, "arn:aws:s3:::b/x y/z", true},
	{"default_not_substituted_again", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalTag/nope, '${aws:username}'}", alice, nil, "arn:aws:s3:::b/${aws:username}", true},
	{"principal_account", "2012-10-17", "arn:aws:ssm:*:${aws:PrincipalAccount}:parameter/*", alice, nil, prodWebDB, true},
	{"principal_account_other", "2012-10-17", "arn:aws:ssm:*:${aws:PrincipalAccount}:parameter/*", carol, nil, prodWebDB, false},
	{"source_ip_variable", "2012-10-17", "arn:aws:s3:::b/${aws:SourceIp}", alice, ctx{"aws:SourceIp": {"192.0.2.1"}}, "arn:aws:s3:::b/192.0.2.1", true},
	{"any_context_key", "2012-10-17", "arn:aws:secretsmanager:*:*:secret:${secretsmanager:Name}-*", alice, ctx{"secretsmanager:Name": {"amply/prod/db"}}, secretProd, true},
	{"context_key_missing", "2012-10-17", "arn:aws:secretsmanager:*:*:secret:${secretsmanager:Name}-*", alice, nil, secretProd, false},
	{"multivalued_key_no_value", "2012-10-17", "arn:aws:s3:::b/${aws:TagKeys}", alice, ctx{"aws:TagKeys": {"a", "b"}}, "arn:aws:s3:::b/a", false},
	{"multivalued_key_default", "2012-10-17", "arn:aws:s3:::b/${aws:TagKeys, 'none'}", alice, ctx{"aws:TagKeys": {"a", "b"}}, "arn:aws:s3:::b/none", true},
	{"value_star_is_literal", "2012-10-17", "arn:aws:s3:::b/${x:dir}/file", alice, ctx{"x:dir": {"*"}}, "arn:aws:s3:::b/anything/file", false},
	{"value_star_literal_match", "2012-10-17", "arn:aws:s3:::b/${x:dir}/file", alice, ctx{"x:dir": {"*"}}, "arn:aws:s3:::b/*/file", true},
	{"escape_star", "2012-10-17", "arn:aws:s3:::b/${*}", alice, nil, "arn:aws:s3:::b/*", true},
	{"escape_star_not_wildcard", "2012-10-17", "arn:aws:s3:::b/${*}", alice, nil, "arn:aws:s3:::b/x", false},
	{"escape_question", "2012-10-17", "arn:aws:s3:::b/what${?}", alice, nil, "arn:aws:s3:::b/what?", true},
	{"escape_question_not_wildcard", "2012-10-17", "arn:aws:s3:::b/what${?}", alice, nil, "arn:aws:s3:::b/whatx", false},
	{"escape_dollar", "2012-10-17", "arn:aws:s3:::b/${$}{aws:username}", alice, nil, "arn:aws:s3:::b/${aws:username}", true},
	{"variable_then_star", "2012-10-17", "arn:aws:s3:::b/${aws:username}*", alice, nil, "arn:aws:s3:::b/alice-2", true},
	{"star_then_variable", "2012-10-17", "arn:aws:s3:::b/*/${aws:username}", alice, nil, "arn:aws:s3:::b/x/y/alice", true},
	{"two_variables", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalAccount}/${aws:username}/*", alice, nil, "arn:aws:s3:::b/111122223333/alice/x", true},
	{"context_beats_derived", "2012-10-17", "arn:aws:s3:::b/${aws:username}/*", alice, ctx{"aws:username": {"mallory"}}, "arn:aws:s3:::b/alice/x", false},
	{"ssm_username_managed_policy", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:username}/*", alice, nil, "arn:aws:ssm:us-east-1:111122223333:parameter/alice/DB_PASSWORD", true},
	{"ssm_username_managed_policy_other", "2012-10-17", "arn:aws:ssm:*:*:parameter/${aws:username}/*", bob, nil, "arn:aws:ssm:us-east-1:111122223333:parameter/alice/DB_PASSWORD", false},
}

func TestEvaluate_Variables(t *testing.T) {
	for _, c := range variableCases {
		t.Run(c.name, func(t *testing.T) {
			doc := `{"Statement":{"Effect":"Allow","Action":["s3:*","ssm:*"],"Resource":"` + c.template + `"}}`
			if c.version != "" {
				doc = `{"Version":"` + c.version + `",` + doc[1:]
			}
			p := mustParse(t, authz.Identity, "v", doc)
			d := authz.Evaluate(authz.Request{Principal: c.principal, Action: "s3:GetObject", Resource: c.resource, Context: c.ctx},
				authz.Set{Identity: []*authz.Policy{p}})
			if d.Allowed != c.want {
				t.Errorf("Allowed = %v, want %v", d.Allowed, c.want)
			}
		})
	}
}
