package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// matchCase: an identity policy allowing Action on Resource (each a JSON
// string or list), asked for action on resource by alice.
type matchCase struct {
	name               string
	actions, resources string
	action, resource   string
	want               bool
}

const (
	prodWebDB  = "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/DB_HOST"
	secretProd = "arn:aws:secretsmanager:us-east-1:111122223333:secret:amply/prod/db-AbCdEf"
)

var matchCases = []matchCase{
	// Actions: case-insensitive, * and ? wildcards.
	{"action_exact", `"ssm:GetParameter"`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_other", `"ssm:GetParameter"`, `"*"`, "ssm:PutParameter", "*", false},
	{"action_prefix_not_enough", `"ssm:GetParameter"`, `"*"`, "ssm:GetParameters", "*", false},
	{"action_case_insensitive_name", `"ssm:getparameter"`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_case_insensitive_request", `"ssm:GetParameter"`, `"*"`, "SSM:GETPARAMETER", "*", true},
	{"action_case_insensitive_prefix", `"SSM:GetParameter"`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_star", `"*"`, `"*"`, "kms:Decrypt", "*", true},
	{"action_service_star", `"ssm:*"`, `"*"`, "ssm:DeleteParameter", "*", true},
	{"action_service_star_other_service", `"ssm:*"`, `"*"`, "kms:Decrypt", "*", false},
	{"action_service_star_no_prefix_confusion", `"ssm:*"`, `"*"`, "ssmx:Get", "*", false},
	{"action_get_star", `"ssm:Get*"`, `"*"`, "ssm:GetParametersByPath", "*", true},
	{"action_get_star_put", `"ssm:Get*"`, `"*"`, "ssm:PutParameter", "*", false},
	{"action_get_star_case", `"ssm:get*"`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_infix_star", `"ssm:Get*ByPath"`, `"*"`, "ssm:GetParametersByPath", "*", true},
	{"action_infix_star_miss", `"ssm:Get*ByPath"`, `"*"`, "ssm:GetParameters", "*", false},
	{"action_suffix_star", `"*:Describe*"`, `"*"`, "kms:DescribeKey", "*", true},
	{"action_star_suffix", `"secretsmanager:*Secret"`, `"*"`, "secretsmanager:CreateSecret", "*", true},
	{"action_question", `"ssm:GetParameter?"`, `"*"`, "ssm:GetParameters", "*", true},
	{"action_question_needs_char", `"ssm:GetParameter?"`, `"*"`, "ssm:GetParameter", "*", false},
	{"action_wildcard_prefix", `"s?m:Get*"`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_wildcard_prefix_case", `"S*:get*"`, `"*"`, "secretsmanager:GetSecretValue", "*", true},
	{"action_list_second", `["kms:Decrypt","ssm:GetParameter"]`, `"*"`, "ssm:GetParameter", "*", true},
	{"action_list_none", `["kms:Decrypt","ssm:GetParameter"]`, `"*"`, "ssm:PutParameter", "*", false},
	{"action_colon_star_any_service", `"*:*"`, `"*"`, "sts:AssumeRole", "*", true},

	// Resources: case-sensitive; * spans ':' and '/'.
	{"resource_star", `"*"`, `"*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_star_matches_star", `"*"`, `"*"`, "ssm:DescribeParameters", "*", true},
	{"resource_arn_does_not_match_star_resource", `"*"`, `"arn:aws:ssm:*:*:parameter/*"`, "ssm:DescribeParameters", "*", false},
	{"resource_exact", `"*"`, `"` + prodWebDB + `"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_exact_other", `"*"`, `"` + prodWebDB + `"`, "ssm:GetParameter", prodWebDB + "2", false},
	{"resource_path_star", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/web/*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_path_star_sibling", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/web/*"`, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/worker/DB_HOST", false},
	{"resource_path_star_deeper", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_star_spans_colons", `"*"`, `"arn:aws:logs:*:*:log-group:app*"`, "logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:abc", true},
	{"resource_star_spans_fields", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/*"`, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/a:b", true},
	{"resource_star_region_account_collapse", `"*"`, `"arn:aws:ssm:*:parameter/prod/web/*:*"`, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/x:1", true},
	{"resource_star_spans_slash", `"*"`, `"arn:aws:ssm:us-east-1:111122223333:parameter/*/DB_HOST"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_case_sensitive", `"*"`, `"arn:aws:ssm:*:*:parameter/Prod/*"`, "ssm:GetParameter", prodWebDB, false},
	{"resource_region_pinned", `"*"`, `"arn:aws:ssm:eu-west-1:*:parameter/*"`, "ssm:GetParameter", prodWebDB, false},
	{"resource_account_pinned", `"*"`, `"arn:aws:ssm:*:444455556666:parameter/*"`, "ssm:GetParameter", prodWebDB, false},
	{"resource_question", `"*"`, `"arn:aws:ssm:us-east-?:*:parameter/*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_question_exact_count", `"*"`, `"arn:aws:ssm:us-east-??:*:parameter/*"`, "ssm:GetParameter", prodWebDB, false},
	{"resource_trailing_star_matches_empty", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/web/DB_HOST*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_parent_not_matched_by_children", `"*"`, `"arn:aws:ssm:*:*:parameter/prod/web/*"`, "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web", false},
	{"resource_secret_suffix", `"*"`, `"arn:aws:secretsmanager:*:*:secret:amply/prod/*"`, "secretsmanager:GetSecretValue", secretProd, true},
	{"resource_secret_question_suffix", `"*"`, `"arn:aws:secretsmanager:us-east-1:111122223333:secret:amply/prod/db-??????"`, "secretsmanager:GetSecretValue", secretProd, true},
	{"resource_list_second", `"*"`, `["arn:aws:ssm:*:*:parameter/dev/*","arn:aws:ssm:*:*:parameter/prod/*"]`, "ssm:GetParameter", prodWebDB, true},
	{"resource_multi_star_backtrack", `"*"`, `"arn:*:ssm:*:*:parameter/*/web/*"`, "ssm:GetParameter", prodWebDB, true},
	{"resource_multi_star_backtrack_fail", `"*"`, `"arn:*:ssm:*:*:parameter/*/api/*"`, "ssm:GetParameter", prodWebDB, false},
	{"resource_kms_key", `"kms:Decrypt"`, `"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", true},
	{"resource_kms_other_key", `"kms:Decrypt"`, `"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/ffff", false},
	{"resource_unicode_question", `"*"`, `"arn:aws:s3:::b/caf?"`, "s3:GetObject", "arn:aws:s3:::b/café", true},
	{"action_and_resource_both_needed", `"ssm:GetParameter"`, `"arn:aws:ssm:*:*:parameter/prod/*"`, "ssm:PutParameter", prodWebDB, false},
}

func TestEvaluate_Matching(t *testing.T) {
	for _, c := range matchCases {
		t.Run(c.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":` + c.actions + `,"Resource":` + c.resources + `}}`
			p := mustParse(t, authz.Identity, "m", doc)
			d := authz.Evaluate(authz.Request{Principal: alice, Action: c.action, Resource: c.resource}, authz.Set{Identity: []*authz.Policy{p}})
			if d.Allowed != c.want {
				t.Errorf("Allowed = %v, want %v", d.Allowed, c.want)
			}
		})
	}
}

// notCase: NotAction / NotResource in Allow and Deny statements.
type notCase struct {
	name             string
	doc              string
	action, resource string
	want             authz.Outcome
}

var notCases = []notCase{
	{"not_action_allow_other", stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), "ssm:GetParameter", "*", authz.Allow},
	{"not_action_allow_listed", stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), "iam:CreateUser", "*", authz.ImplicitDeny},
	{"not_action_deny_listed_passes", stmt(allowStmt("*", "*"), `{"Effect":"Deny","NotAction":["ssm:Get*"],"Resource":"*"}`), "ssm:GetParameter", "*", authz.Allow},
	{"not_action_deny_other", stmt(allowStmt("*", "*"), `{"Effect":"Deny","NotAction":["ssm:Get*"],"Resource":"*"}`), "ssm:PutParameter", "*", authz.ExplicitDeny},
	{"not_action_case_insensitive", stmt(`{"Effect":"Allow","NotAction":"IAM:*","Resource":"*"}`), "iam:CreateUser", "*", authz.ImplicitDeny},
	{"not_resource_allow_other", stmt(`{"Effect":"Allow","Action":"ssm:*","NotResource":"arn:aws:ssm:*:*:parameter/prod/*"}`), "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/dev/x", authz.Allow},
	{"not_resource_allow_listed", stmt(`{"Effect":"Allow","Action":"ssm:*","NotResource":"arn:aws:ssm:*:*:parameter/prod/*"}`), "ssm:GetParameter", prodWebDB, authz.ImplicitDeny},
	{"not_resource_deny_everything_but", stmt(allowStmt("*", "*"), `{"Effect":"Deny","Action":"ssm:*","NotResource":["arn:aws:ssm:*:*:parameter/prod/web/*"]}`), "ssm:GetParameter", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/worker/x", authz.ExplicitDeny},
	{"not_resource_deny_spares_listed", stmt(allowStmt("*", "*"), `{"Effect":"Deny","Action":"ssm:*","NotResource":["arn:aws:ssm:*:*:parameter/prod/web/*"]}`), "ssm:GetParameter", prodWebDB, authz.Allow},
	{"not_resource_unresolved_variable_allow", stmt(`{"Effect":"Allow","Action":"ssm:*","NotResource":"arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/nope}/*"}`), "ssm:GetParameter", prodWebDB, authz.ImplicitDeny},
	{"not_resource_unresolved_variable_deny", stmt(allowStmt("*", "*"), `{"Effect":"Deny","Action":"ssm:*","NotResource":"arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/nope}/*"}`), "ssm:GetParameter", prodWebDB, authz.ExplicitDeny},
	{"not_action_and_not_resource", stmt(`{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:ssm:*:*:parameter/prod/*"}`), "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", authz.Allow},
}

func TestEvaluate_Not(t *testing.T) {
	for _, c := range notCases {
		t.Run(c.name, func(t *testing.T) {
			p := mustParse(t, authz.Identity, "n", c.doc)
			d := authz.Evaluate(authz.Request{Principal: alice, Action: c.action, Resource: c.resource}, authz.Set{Identity: []*authz.Policy{p}})
			if d.Outcome != c.want {
				t.Errorf("Outcome = %v, want %v (%+v)", d.Outcome, c.want, d.Reason)
			}
		})
	}
}
