package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// scenario: a request against a set of policies; want is the outcome and,
// for a deny, wantKind the Reason.Kind (0: not checked).
type scenario struct {
	name      string
	principal authz.Principal
	action    string
	resource  string
	ctx       ctx
	set       setSpec
	want      authz.Outcome
	wantKind  authz.Kind
}

func runScenarios(t *testing.T, cases []scenario) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := authz.Evaluate(authz.Request{Principal: c.principal, Action: c.action, Resource: c.resource, Context: c.ctx}, c.set.build(t))
			if d.Outcome != c.want || d.Allowed != (c.want == authz.Allow) {
				t.Fatalf("Outcome = %v, want %v; reason %+v", d.Outcome, c.want, d.Reason)
			}
			if c.wantKind != 0 && d.Reason.Kind != c.wantKind {
				t.Errorf("Reason.Kind = %v, want %v; %+v", d.Reason.Kind, c.wantKind, d.Reason)
			}
		})
	}
}

// session returns a session of the named role in account acct.
func session(role string, tags map[string]string) authz.Principal {
	return authz.Principal{
		ARN: "arn:aws:sts::" + acct + ":assumed-role/" + role + "/task-1", Account: acct, Type: authz.AssumedRole,
		UserID: "AROA" + role + ":task-1", RoleARN: "arn:aws:iam::" + acct + ":role/" + role, Tags: tags,
	}
}

func param(name string) string { return "arn:aws:ssm:us-east-1:" + acct + ":parameter" + name }

func secret(name string) string {
	return "arn:aws:secretsmanager:us-east-1:" + acct + ":secret:" + name + "-Ab12Cd"
}

// The runbook's policies.
const (
	webTaskPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "ReadOwnAndShared",
    "Effect": "Allow",
    "Action": ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
    "Resource": ["arn:aws:ssm:*:*:parameter/prod/web/*", "arn:aws:ssm:*:*:parameter/prod/shared/*"]
  }]
}`
	workerTaskPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
    "Resource": ["arn:aws:ssm:*:*:parameter/prod/worker/*", "arn:aws:ssm:*:*:parameter/prod/shared/*"]
  }]
}`
	amplyTaskPolicy = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "arn:aws:secretsmanager:*:*:secret:amply/prod/*"
  }
}`
	ciRolePolicy = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "arn:aws:secretsmanager:*:*:secret:amply/staging/*"
  }
}`
	secureStringReader = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Params", "Effect": "Allow", "Action": "ssm:GetParameter*", "Resource": "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/*"},
    {"Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
     "Condition": {"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}}}
  ]
}`
	perUserParams = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:PutParameter"], "Resource": "arn:aws:ssm:*:*:parameter/${aws:username}/*"}
}`
	adminPolicy   = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	guardProdDeny = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "NoProdWrites", "Effect": "Deny", "Action": ["ssm:PutParameter", "ssm:DeleteParameter*", "ssm:LabelParameterVersion"], "Resource": "arn:aws:ssm:*:*:parameter/prod/*"},
    {"Sid": "NoSecretDeletes", "Effect": "Deny", "Action": "secretsmanager:DeleteSecret", "Resource": "*"}
  ]
}`
	secretPolicyForBob = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/division/bob"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
}`
	secretPolicyForPartner = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Resource": "*"}
}`
	keyPolicyForPartner = `{
  "Version": "2012-10-17",
  "Id": "key-consolepolicy-3",
  "Statement": [
    {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
    {"Sid": "Allow use of the key by the partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}
  ]
}`
	partnerIdentity = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:amply/*"},
    {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/*"}
  ]
}`
	partnerTrust = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "Unique1234"}}
  }
}`
	ecsTrust = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
    "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:us-east-1:111122223333:*"}, "StringEquals": {"aws:SourceAccount": "111122223333"}}}
}`
	teamTrust = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"],
    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "web"}}}
}`
	readAllParams   = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["ssm:Get*","ssm:Describe*","kms:Decrypt"],"Resource":"*"}}`
	webOnlySession  = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:GetParameter*","Resource":"arn:aws:ssm:*:*:parameter/prod/web/*"}}`
	assumeAnyPolicy = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/*"}}`
)

var (
	webRole    = session("web-task", map[string]string{"service": "web"})
	workerRole = session("worker-task", nil)
	amplyRole  = session("amply-task", nil)
	ciRole     = session("ci", nil)
	kmsKey     = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	viaSSM     = ctx{"kms:ViaService": {"ssm.us-east-1.amazonaws.com"}}
)

var runbookCases = []scenario{
	// Per-service task roles.
	{"web_get_parameter_own", webRole, "ssm:GetParameter", param("/prod/web/DATABASE_HOST"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_get_parameters_own", webRole, "ssm:GetParameters", param("/prod/web/DATABASE_PORT"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_by_path_own", webRole, "ssm:GetParametersByPath", param("/prod/web/nested/KEY"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_get_parameter_shared", webRole, "ssm:GetParameter", param("/prod/shared/SENTRY_DSN"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_get_parameters_shared", webRole, "ssm:GetParameters", param("/prod/shared/REDIS_URL"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_by_path_shared", webRole, "ssm:GetParametersByPath", param("/prod/shared/x"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"web_get_parameter_worker", webRole, "ssm:GetParameter", param("/prod/worker/QUEUE_URL"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_get_parameters_worker", webRole, "ssm:GetParameters", param("/prod/worker/QUEUE_URL"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_by_path_worker", webRole, "ssm:GetParametersByPath", param("/prod/worker/x"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_put_parameter_own", webRole, "ssm:PutParameter", param("/prod/web/DATABASE_HOST"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_staging_not_granted", webRole, "ssm:GetParameter", param("/staging/web/DATABASE_HOST"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_prefix_lookalike", webRole, "ssm:GetParameter", param("/prod/webhooks/SECRET"), nil, setSpec{identity: []string{webTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"web_other_region_allowed", webRole, "ssm:GetParameter", "arn:aws:ssm:eu-west-1:111122223333:parameter/prod/web/X", nil, setSpec{identity: []string{webTaskPolicy}}, authz.Allow, authz.Identity},
	{"worker_get_parameter_own", workerRole, "ssm:GetParameter", param("/prod/worker/QUEUE_URL"), nil, setSpec{identity: []string{workerTaskPolicy}}, authz.Allow, authz.Identity},
	{"worker_get_parameter_shared", workerRole, "ssm:GetParameter", param("/prod/shared/SENTRY_DSN"), nil, setSpec{identity: []string{workerTaskPolicy}}, authz.Allow, authz.Identity},
	{"worker_get_parameter_web", workerRole, "ssm:GetParameter", param("/prod/web/DATABASE_HOST"), nil, setSpec{identity: []string{workerTaskPolicy}}, authz.ImplicitDeny, authz.Identity},

	// The amply task role and the CI role.
	{"amply_prod_secret", amplyRole, getSecret, secret("amply/prod/db"), nil, setSpec{identity: []string{amplyTaskPolicy}}, authz.Allow, authz.Identity},
	{"amply_prod_nested_secret", amplyRole, getSecret, secret("amply/prod/api/stripe"), nil, setSpec{identity: []string{amplyTaskPolicy}}, authz.Allow, authz.Identity},
	{"amply_staging_secret", amplyRole, getSecret, secret("amply/staging/db"), nil, setSpec{identity: []string{amplyTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"amply_describe_not_granted", amplyRole, "secretsmanager:DescribeSecret", secret("amply/prod/db"), nil, setSpec{identity: []string{amplyTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"amply_put_not_granted", amplyRole, "secretsmanager:PutSecretValue", secret("amply/prod/db"), nil, setSpec{identity: []string{amplyTaskPolicy}}, authz.ImplicitDeny, authz.Identity},
	{"ci_staging_secret", ciRole, getSecret, secret("amply/staging/db"), nil, setSpec{identity: []string{ciRolePolicy}}, authz.Allow, authz.Identity},
	{"ci_prod_secret", ciRole, getSecret, secret("amply/prod/db"), nil, setSpec{identity: []string{ciRolePolicy}}, authz.ImplicitDeny, authz.Identity},
	{"ci_other_app", ciRole, getSecret, secret("billing/staging/db"), nil, setSpec{identity: []string{ciRolePolicy}}, authz.ImplicitDeny, authz.Identity},

	// kms:Decrypt on a customer key, through SSM.
	{"securestring_param", webRole, "ssm:GetParameter", param("/prod/web/DB_PASSWORD"), nil, setSpec{identity: []string{secureStringReader}}, authz.Allow, authz.Identity},
	{"securestring_decrypt_via_ssm", webRole, "kms:Decrypt", kmsKey, viaSSM, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.Allow, authz.KeyPolicy},
	{"securestring_decrypt_direct", webRole, "kms:Decrypt", kmsKey, nil, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.ImplicitDeny, authz.Identity},
	{"securestring_decrypt_other_service", webRole, "kms:Decrypt", kmsKey, ctx{"kms:ViaService": {"secretsmanager.us-east-1.amazonaws.com"}}, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.ImplicitDeny, authz.Identity},
	{"securestring_decrypt_other_key", webRole, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/ffffffff-0000-0000-0000-000000000000", viaSSM, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.ImplicitDeny, authz.Identity},
	{"securestring_encrypt_not_granted", webRole, "kms:Encrypt", kmsKey, viaSSM, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.ImplicitDeny, authz.Identity},
	{"securestring_key_policy_locked", webRole, "kms:Decrypt", kmsKey, viaSSM, setSpec{identity: []string{secureStringReader}, resourceKind: authz.KeyPolicy, resource: []string{resPolicy("Allow", aws(alice.ARN), "kms:*")}}, authz.ImplicitDeny, authz.KeyPolicy},

	// A managed policy keyed on ${aws:username}.
	{"username_own_param", alice, "ssm:GetParameter", param("/alice/DB_PASSWORD"), nil, setSpec{identity: []string{perUserParams}}, authz.Allow, authz.Identity},
	{"username_own_put", alice, "ssm:PutParameter", param("/alice/nested/TOKEN"), nil, setSpec{identity: []string{perUserParams}}, authz.Allow, authz.Identity},
	{"username_other_users_param", bob, "ssm:GetParameter", param("/alice/DB_PASSWORD"), nil, setSpec{identity: []string{perUserParams}}, authz.ImplicitDeny, authz.Identity},
	{"username_bob_own", bob, "ssm:GetParameter", param("/bob/DB_PASSWORD"), nil, setSpec{identity: []string{perUserParams}}, authz.Allow, authz.Identity},
	{"username_role_has_none", webRole, "ssm:GetParameter", param("/web-task/X"), nil, setSpec{identity: []string{perUserParams}}, authz.ImplicitDeny, authz.Identity},
	{"username_top_level_param", alice, "ssm:GetParameter", param("/alice"), nil, setSpec{identity: []string{perUserParams}}, authz.ImplicitDeny, authz.Identity},

	// An explicit deny overriding allows.
	{"guard_admin_reads_prod", alice, "ssm:GetParameter", param("/prod/web/X"), nil, setSpec{identity: []string{adminPolicy, guardProdDeny}}, authz.Allow, authz.Identity},
	{"guard_admin_writes_prod", alice, "ssm:PutParameter", param("/prod/web/X"), nil, setSpec{identity: []string{adminPolicy, guardProdDeny}}, authz.ExplicitDeny, authz.Identity},
	{"guard_admin_deletes_prod", alice, "ssm:DeleteParameters", param("/prod/web/X"), nil, setSpec{identity: []string{adminPolicy, guardProdDeny}}, authz.ExplicitDeny, authz.Identity},
	{"guard_admin_writes_staging", alice, "ssm:PutParameter", param("/staging/web/X"), nil, setSpec{identity: []string{adminPolicy, guardProdDeny}}, authz.Allow, authz.Identity},
	{"guard_admin_deletes_secret", alice, "secretsmanager:DeleteSecret", secret("amply/staging/db"), nil, setSpec{identity: []string{adminPolicy, guardProdDeny}}, authz.ExplicitDeny, authz.Identity},
	{"guard_deny_as_boundary_statement", alice, "ssm:PutParameter", param("/prod/web/X"), nil, setSpec{identity: []string{adminPolicy}, boundary: []string{adminPolicy, guardProdDeny}}, authz.ExplicitDeny, authz.Boundary},
	{"guard_deny_binds_resource_policy_grant", bob, "secretsmanager:DeleteSecret", secret("amply/prod/db"), nil, setSpec{identity: []string{guardProdDeny}, resource: []string{resPolicy("Allow", aws(bob.ARN), "secretsmanager:*")}}, authz.ExplicitDeny, authz.Identity},

	// Resource policies on secrets.
	{"secret_policy_same_account_alone", bob, getSecret, secret("amply/prod/db"), nil, setSpec{account: acct, resource: []string{secretPolicyForBob}}, authz.Allow, authz.Resource},
	{"secret_policy_same_account_other_user", alice, getSecret, secret("amply/prod/db"), nil, setSpec{account: acct, resource: []string{secretPolicyForBob}}, authz.ImplicitDeny, authz.Identity},
	{"secret_policy_same_account_other_action", bob, "secretsmanager:PutSecretValue", secret("amply/prod/db"), nil, setSpec{account: acct, resource: []string{secretPolicyForBob}}, authz.ImplicitDeny, authz.Identity},
	{"secret_cross_account_both", carol, getSecret, secret("amply/prod/db"), nil, setSpec{account: acct, identity: []string{partnerIdentity}, resource: []string{secretPolicyForPartner}}, authz.Allow, authz.Resource},
	{"secret_cross_account_resource_only", carol, getSecret, secret("amply/prod/db"), nil, setSpec{account: acct, resource: []string{secretPolicyForPartner}}, authz.ImplicitDeny, authz.Identity},
	{"secret_cross_account_identity_only", carol, getSecret, secret("amply/prod/db"), nil, setSpec{account: acct, identity: []string{partnerIdentity}}, authz.ImplicitDeny, authz.Resource},
	{"secret_cross_account_describe_no_identity", carol, "secretsmanager:DescribeSecret", secret("amply/prod/db"), nil, setSpec{account: acct, identity: []string{partnerIdentity}, resource: []string{secretPolicyForPartner}}, authz.ImplicitDeny, authz.Identity},
	{"secret_cross_account_key_decrypt", carol, "kms:Decrypt", kmsKey, nil, setSpec{account: acct, resourceKind: authz.KeyPolicy, identity: []string{partnerIdentity}, resource: []string{keyPolicyForPartner}}, authz.Allow, authz.KeyPolicy},
	{"secret_cross_account_key_encrypt", carol, "kms:Encrypt", kmsKey, nil, setSpec{account: acct, resourceKind: authz.KeyPolicy, identity: []string{adminPolicy}, resource: []string{keyPolicyForPartner}}, authz.ImplicitDeny, authz.KeyPolicy},

	// Trust policies.
	{"trust_partner_with_external_id", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"Unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{partnerTrust}}, authz.Allow, authz.Trust},
	{"trust_partner_wrong_external_id", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{partnerTrust}}, authz.ImplicitDeny, authz.Trust},
	{"trust_partner_no_external_id", carol, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{partnerTrust}}, authz.ImplicitDeny, authz.Trust},
	{"trust_partner_identity_missing", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"Unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{partnerTrust}}, authz.ImplicitDeny, authz.Identity},
	{"trust_partner_other_account_user", alice, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"Unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{partnerTrust}}, authz.ImplicitDeny, authz.Trust},
	{"trust_ecs_tasks", ecsTasks, "sts:AssumeRole", roleARN, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:111122223333:task/cluster/abc"}, "aws:SourceAccount": {acct}}, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{ecsTrust}}, authz.Allow, authz.Trust},
	{"trust_ecs_tasks_confused_deputy", ecsTasks, "sts:AssumeRole", roleARN, ctx{"aws:SourceArn": {"arn:aws:ecs:us-east-1:999999999999:task/cluster/abc"}, "aws:SourceAccount": {"999999999999"}}, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{ecsTrust}}, authz.ImplicitDeny, authz.Trust},
	{"trust_team_tag", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{teamTrust}}, authz.Allow, authz.Trust},
	{"trust_team_tag_untagged", bob, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{assumeAnyPolicy}, resource: []string{teamTrust}}, authz.ImplicitDeny, authz.Trust},
	{"trust_tag_session", alice, "sts:TagSession", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{adminPolicy}, resource: []string{teamTrust}}, authz.Allow, authz.Trust},

	// Session policy intersection.
	{"session_policy_web_param", webRole, "ssm:GetParameter", param("/prod/web/X"), nil, setSpec{identity: []string{readAllParams}, session: []string{webOnlySession}}, authz.Allow, authz.Identity},
	{"session_policy_worker_param", webRole, "ssm:GetParameter", param("/prod/worker/X"), nil, setSpec{identity: []string{readAllParams}, session: []string{webOnlySession}}, authz.ImplicitDeny, authz.Session},
	{"session_policy_decrypt_cut", webRole, "kms:Decrypt", kmsKey, nil, setSpec{identity: []string{readAllParams}, session: []string{webOnlySession}}, authz.ImplicitDeny, authz.Session},
	{"session_policy_no_session_policy", webRole, "ssm:GetParameter", param("/prod/worker/X"), nil, setSpec{identity: []string{readAllParams}}, authz.Allow, authz.Identity},
	{"session_policy_cannot_widen", webRole, "ssm:PutParameter", param("/prod/web/X"), nil, setSpec{identity: []string{readAllParams}, session: []string{adminPolicy}}, authz.ImplicitDeny, authz.Identity},
}

func TestEvaluate_Runbook(t *testing.T) { runScenarios(t, runbookCases) }
