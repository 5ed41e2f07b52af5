package authz_test

import (
	"strconv"
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// setSpec is a Set written as documents; policies are named
// "<part>[i]" (identity[0], resource[0], session[0], boundary[0]).
type setSpec struct {
	identity, resource, session, boundary []string
	resourceKind                          authz.Kind // Resource when zero
	account                               string     // ResourceAccount
}

func (s setSpec) build(t testing.TB) authz.Set {
	t.Helper()
	parse := func(part string, kind authz.Kind, docs []string) []*authz.Policy {
		var out []*authz.Policy
		for i, d := range docs {
			out = append(out, mustParse(t, kind, part+"["+strconv.Itoa(i)+"]", d))
		}
		return out
	}
	rk := s.resourceKind
	if rk == 0 {
		rk = authz.Resource
	}
	return authz.Set{
		Identity:        parse("identity", authz.Identity, s.identity),
		Resource:        parse("resource", rk, s.resource),
		Session:         parse("session", authz.Session, s.session),
		Boundary:        parse("boundary", authz.Identity, s.boundary),
		ResourceAccount: s.account,
	}
}

// evalCase: want is the outcome; policy and stmtIdx the deciding statement
// (policy "" for none) and kind the Reason.Kind.
type evalCase struct {
	name      string
	principal authz.Principal
	action    string
	resource  string
	ctx       ctx
	set       setSpec
	want      authz.Outcome
	policy    string
	stmtIdx   int
	kind      authz.Kind
}

const (
	secretARN  = "arn:aws:secretsmanager:us-east-1:111122223333:secret:amply/prod/db-AbCdEf"
	getSecret  = "secretsmanager:GetSecretValue"
	roleARN    = "arn:aws:iam::111122223333:role/web-task"
	sessionARN = "arn:aws:sts::111122223333:assumed-role/web-task/ecs-1"
	keyARN     = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// resPolicy is a resource policy with one statement of effect for principal
// (a JSON value) on action.
func resPolicy(effect, principal, action string) string {
	return stmt(`{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"` + action + `","Resource":"*"}`)
}

func aws(arn string) string { return `{"AWS":"` + arn + `"}` }

var (
	allowGetSecret = stmt(allowStmt(getSecret, "*"))
	allowSSMRead   = stmt(allowStmt("ssm:Get*", "*"))
	trustAlice     = stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}`)
	trustAccount   = stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`)
	trustPartner   = stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique1234"}}}`)
	allowAssume    = stmt(allowStmt("sts:AssumeRole", "*"))
	keyDefault     = stmt(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`)
)

var evalCases = []evalCase{
	// Identity policies, explicit and implicit deny.
	{"no_policies", alice, getSecret, secretARN, nil, setSpec{}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"identity_allow", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"identity_allow_second_statement", alice, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("ssm:*", "*"), allowStmt("secretsmanager:*", "*"))}}, authz.Allow, "identity[0]", 1, authz.Identity},
	{"identity_allow_second_policy", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowSSMRead, allowGetSecret}}, authz.Allow, "identity[1]", 0, authz.Identity},
	{"identity_other_action", alice, "secretsmanager:PutSecretValue", secretARN, nil, setSpec{identity: []string{allowGetSecret}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"deny_beats_allow_same_policy", alice, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"), denyStmt("secretsmanager:*", "*"))}}, authz.ExplicitDeny, "identity[0]", 1, authz.Identity},
	{"deny_beats_allow_other_policy", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret, stmt(denyStmt(getSecret, secretARN))}}, authz.ExplicitDeny, "identity[1]", 0, authz.Identity},
	{"deny_before_allow_in_order", alice, getSecret, secretARN, nil, setSpec{identity: []string{stmt(denyStmt("*", "*")), allowGetSecret}}, authz.ExplicitDeny, "identity[0]", 0, authz.Identity},
	{"deny_other_action_no_effect", alice, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"), denyStmt("secretsmanager:Delete*", "*"))}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"deny_other_resource_no_effect", alice, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"), denyStmt("*", "arn:aws:secretsmanager:*:*:secret:amply/staging/*"))}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"deny_condition_unmet", alice, getSecret, secretARN, ctx{"aws:SecureTransport": {"true"}}, setSpec{identity: []string{stmt(allowStmt("*", "*"), `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"deny_condition_met", alice, getSecret, secretARN, ctx{"aws:SecureTransport": {"false"}}, setSpec{identity: []string{stmt(allowStmt("*", "*"), `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`)}}, authz.ExplicitDeny, "identity[0]", 1, authz.Identity},
	{"deny_in_resource_policy", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{resPolicy("Deny", `"*"`, getSecret)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
	{"deny_in_boundary", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, boundary: []string{stmt(allowStmt("*", "*"), denyStmt(getSecret, "*"))}}, authz.ExplicitDeny, "boundary[0]", 1, authz.Boundary},
	{"deny_in_session", webTask, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, session: []string{stmt(denyStmt("*", "*"))}}, authz.ExplicitDeny, "session[0]", 0, authz.Session},

	// The root user.
	{"root_without_policies", root, getSecret, secretARN, nil, setSpec{}, authz.Allow, "", -1, authz.Identity},
	{"root_denied_by_resource_policy", root, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Deny", `"*"`, "secretsmanager:*")}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
	{"root_denied_by_passed_identity_deny", root, getSecret, secretARN, nil, setSpec{identity: []string{stmt(denyStmt("*", "*"))}}, authz.ExplicitDeny, "identity[0]", 0, authz.Identity},
	{"root_other_account_no_resource_policy", otherRoot, getSecret, secretARN, nil, setSpec{account: acct}, authz.ImplicitDeny, "", -1, authz.Resource},
	{"root_other_account_resource_policy", otherRoot, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", aws(other), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"root_key_policy_without_account", root, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, resource: []string{resPolicy("Allow", aws(alice.ARN), "kms:*")}}, authz.ImplicitDeny, "", -1, authz.KeyPolicy},
	{"root_key_policy_default", root, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, resource: []string{keyDefault}}, authz.Allow, "resource[0]", 0, authz.KeyPolicy},

	// Resource policies within the account.
	{"resource_names_user", alice, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_names_user_explicit_account", alice, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_names_other_user", bob, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"resource_names_account_only", alice, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws("arn:aws:iam::111122223333:root"), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"resource_names_account_id_only", alice, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws(acct), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"resource_names_account_and_identity", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws(acct), getSecret)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"resource_star", bob, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_aws_star", bob, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws("*"), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_other_action", alice, "secretsmanager:DeleteSecret", secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"resource_user_not_limited_by_boundary", alice, getSecret, secretARN, nil, setSpec{boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_star_limited_by_boundary", alice, getSecret, secretARN, nil, setSpec{boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"resource_role_arn", webTask, getSecret, secretARN, nil, setSpec{resource: []string{resPolicy("Allow", aws(roleARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_role_arn_limited_by_boundary", webTask, getSecret, secretARN, nil, setSpec{boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(roleARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"resource_role_arn_boundary_allows", webTask, getSecret, secretARN, nil, setSpec{boundary: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws(roleARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_session_arn_not_limited_by_boundary", webTask, getSecret, secretARN, nil, setSpec{boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(sessionARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_role_arn_limited_by_session_policy", webTask, getSecret, secretARN, nil, setSpec{session: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(roleARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Session},
	{"resource_session_arn_not_limited_by_session_policy", webTask, getSecret, secretARN, nil, setSpec{session: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(sessionARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"resource_star_limited_by_session_policy", webTask, getSecret, secretARN, nil, setSpec{session: []string{allowSSMRead}, resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.ImplicitDeny, "", -1, authz.Session},
	{"resource_direct_beats_account_statement", webTask, getSecret, secretARN, nil, setSpec{session: []string{allowSSMRead}, resource: []string{stmt(
		`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`,
		`{"Sid":"Session","Effect":"Allow","Principal":{"AWS":"`+sessionARN+`"},"Action":"*","Resource":"*"}`)}}, authz.Allow, "resource[0]", 1, authz.Resource},
	{"resource_policy_resource_element", alice, getSecret, secretARN, nil, setSpec{resource: []string{stmt(`{"Effect":"Allow","Principal":{"AWS":"` + alice.ARN + `"},"Action":"*","Resource":"arn:aws:secretsmanager:*:*:secret:amply/staging/*"}`)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"resource_policy_without_resource_element", alice, getSecret, secretARN, nil, setSpec{resource: []string{stmt(`{"Effect":"Allow","Principal":{"AWS":"` + alice.ARN + `"},"Action":"*"}`)}}, authz.Allow, "resource[0]", 0, authz.Resource},

	// Cross-account.
	{"cross_identity_only", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}}, authz.ImplicitDeny, "", -1, authz.Resource},
	{"cross_resource_only", carol, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", aws(carol.ARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"cross_both", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws(carol.ARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"cross_both_account_principal", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws("arn:aws:iam::444455556666:root"), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"cross_account_principal_no_identity", carol, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", aws(other), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"cross_resource_names_third_account", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{resPolicy("Allow", aws("999999999999"), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Resource},
	{"cross_resource_deny", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{stmt(
		`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"*","Resource":"*"}`,
		`{"Effect":"Deny","Principal":{"AWS":"444455556666"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}`)}}, authz.ExplicitDeny, "resource[0]", 1, authz.Resource},
	{"cross_boundary_applies", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, boundary: []string{allowSSMRead}, resource: []string{resPolicy("Allow", aws(carol.ARN), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"cross_star_resource_policy", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},

	// Permissions boundaries and session policies.
	{"boundary_and_identity_allow", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, boundary: []string{stmt(allowStmt("secretsmanager:*", "*"))}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"boundary_does_not_allow", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, boundary: []string{allowSSMRead}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"boundary_alone_grants_nothing", alice, getSecret, secretARN, nil, setSpec{boundary: []string{allowGetSecret}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"boundary_resource_narrower", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, boundary: []string{stmt(allowStmt("*", "arn:aws:secretsmanager:*:*:secret:amply/staging/*"))}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"boundary_with_condition", alice, getSecret, secretARN, ctx{"aws:SourceIp": {"10.1.2.3"}}, setSpec{identity: []string{allowGetSecret}, boundary: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"session_intersection_allows", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{allowGetSecret}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"session_missing_action", webTask, "secretsmanager:DeleteSecret", secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{allowGetSecret}}, authz.ImplicitDeny, "", -1, authz.Session},
	{"session_cannot_grant_beyond_identity", webTask, getSecret, secretARN, nil, setSpec{identity: []string{allowSSMRead}, session: []string{stmt(allowStmt("*", "*"))}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"session_resource_narrower", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{stmt(allowStmt(getSecret, "arn:aws:secretsmanager:*:*:secret:amply/staging/*"))}}, authz.ImplicitDeny, "", -1, authz.Session},
	{"session_any_of_several", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{allowSSMRead, allowGetSecret}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"session_and_boundary_both_needed", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{allowGetSecret}, boundary: []string{allowSSMRead}}, authz.ImplicitDeny, "", -1, authz.Boundary},
	{"session_and_boundary_both_allow", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(allowStmt("*", "*"))}, session: []string{allowGetSecret}, boundary: []string{allowGetSecret}}, authz.Allow, "identity[0]", 0, authz.Identity},

	// NotPrincipal in resource policies (Deny only).
	{"not_principal_exempt_user", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["111122223333","` + alice.ARN + `"]`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"not_principal_denies_others", bob, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["111122223333","` + alice.ARN + `"]`)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
	{"not_principal_without_account_denies", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["` + alice.ARN + `"]`)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
	{"not_principal_session_by_role", webTask, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["111122223333","` + roleARN + `"]`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"not_principal_session_by_session_arn", webTask, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["111122223333","` + sessionARN + `"]`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"not_principal_root_by_account", root, getSecret, secretARN, nil, setSpec{resource: []string{notPrincipalDeny(`"111122223333"`)}}, authz.Allow, "", -1, authz.Identity},
	{"not_principal_boundary_always_denied", alice, getSecret, secretARN, nil, setSpec{identity: []string{allowGetSecret}, boundary: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`["111122223333","` + alice.ARN + `"]`)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
	{"not_principal_other_account", carol, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}, resource: []string{notPrincipalDeny(`"111122223333"`)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},

	// Principals without identity policies.
	{"anonymous_public", anon, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", `"*"`, getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"anonymous_not_public", anon, getSecret, secretARN, nil, setSpec{account: acct, resource: []string{resPolicy("Allow", aws(acct), getSecret)}}, authz.ImplicitDeny, "", -1, authz.Resource},
	{"anonymous_identity_policies_ignored", anon, getSecret, secretARN, nil, setSpec{account: acct, identity: []string{allowGetSecret}}, authz.ImplicitDeny, "", -1, authz.Resource},
	{"service_trusted", ecsTasks, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{stmt(`{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}`)}}, authz.Allow, "resource[0]", 0, authz.Trust},
	{"service_trusted_case_insensitive", ecsTasks, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{stmt(`{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ECS-Tasks.amazonaws.com"]},"Action":"sts:AssumeRole"}`)}}, authz.Allow, "resource[0]", 0, authz.Trust},
	{"service_not_trusted", ecsTasks, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{stmt(`{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}`)}}, authz.ImplicitDeny, "", -1, authz.Trust},
	{"federated_trusted", authz.Principal{Type: authz.Federated, ARN: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "sts:AssumeRoleWithWebIdentity", roleARN,
		ctx{"token.actions.githubusercontent.com:sub": {"repo:arca-vault/arca:ref:refs/heads/main"}},
		setSpec{account: acct, resourceKind: authz.Trust, resource: []string{stmt(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:arca-vault/arca:*"}}}`)}}, authz.Allow, "resource[0]", 0, authz.Trust},

	// Trust policies (sts:AssumeRole).
	{"trust_names_user", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{trustAlice}}, authz.Allow, "resource[0]", 0, authz.Trust},
	{"trust_names_other_user", bob, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{allowAssume}, resource: []string{trustAlice}}, authz.ImplicitDeny, "", -1, authz.Trust},
	{"trust_account_needs_identity", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{trustAccount}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"trust_account_and_identity", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{allowAssume}, resource: []string{trustAccount}}, authz.Allow, "resource[0]", 0, authz.Trust},
	{"trust_required_even_with_identity", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{stmt(allowStmt("*", "*"))}, resource: []string{trustPartner}}, authz.ImplicitDeny, "", -1, authz.Trust},
	{"trust_partner_external_id", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"Unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{allowAssume}, resource: []string{trustPartner}}, authz.Allow, "resource[0]", 0, authz.Trust},
	{"trust_partner_wrong_external_id", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"guess"}}, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{allowAssume}, resource: []string{trustPartner}}, authz.ImplicitDeny, "", -1, authz.Trust},
	{"trust_partner_missing_external_id", carol, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, identity: []string{allowAssume}, resource: []string{trustPartner}}, authz.ImplicitDeny, "", -1, authz.Trust},
	{"trust_partner_without_identity", carol, "sts:AssumeRole", roleARN, ctx{"sts:ExternalId": {"Unique1234"}}, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{trustPartner}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"trust_deny", alice, "sts:AssumeRole", roleARN, nil, setSpec{account: acct, resourceKind: authz.Trust, resource: []string{stmt(
		`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`,
		`{"Effect":"Deny","Principal":{"AWS":"`+alice.ARN+`"},"Action":"sts:*"}`)}}, authz.ExplicitDeny, "resource[0]", 1, authz.Trust},

	// KMS key policies.
	{"key_default_policy_identity_allows", alice, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, identity: []string{stmt(allowStmt("kms:Decrypt", keyARN))}, resource: []string{keyDefault}}, authz.Allow, "resource[0]", 0, authz.KeyPolicy},
	{"key_default_policy_identity_silent", alice, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, identity: []string{allowGetSecret}, resource: []string{keyDefault}}, authz.ImplicitDeny, "", -1, authz.Identity},
	{"key_policy_names_user", alice, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, resource: []string{resPolicy("Allow", aws(alice.ARN), "kms:Decrypt")}}, authz.Allow, "resource[0]", 0, authz.KeyPolicy},
	{"key_policy_not_delegated", alice, "kms:Decrypt", keyARN, nil, setSpec{resourceKind: authz.KeyPolicy, identity: []string{stmt(allowStmt("kms:*", "*"))}, resource: []string{resPolicy("Allow", aws(bob.ARN), "kms:*")}}, authz.ImplicitDeny, "", -1, authz.KeyPolicy},

	// Odd inputs.
	{"empty_resource_account_is_same", alice, getSecret, secretARN, nil, setSpec{account: "", resource: []string{resPolicy("Allow", aws(alice.ARN), getSecret)}}, authz.Allow, "resource[0]", 0, authz.Resource},
	{"principal_arn_of_session_is_role", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"` + roleARN + `"}}}`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"principal_type_of_session", webTask, getSecret, secretARN, nil, setSpec{identity: []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}}`)}}, authz.Allow, "identity[0]", 0, authz.Identity},
	{"principal_type_of_root", root, getSecret, secretARN, nil, setSpec{resource: []string{stmt(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalType":"Account"}}}`)}}, authz.ExplicitDeny, "resource[0]", 0, authz.Resource},
}

// notPrincipalDeny is a resource policy denying everything to all but the
// listed AWS principals.
func notPrincipalDeny(list string) string {
	return stmt(`{"Effect":"Deny","NotPrincipal":{"AWS":` + list + `},"Action":"*","Resource":"*"}`)
}

func TestEvaluate(t *testing.T) {
	for _, c := range evalCases {
		t.Run(c.name, func(t *testing.T) {
			d := authz.Evaluate(authz.Request{Principal: c.principal, Action: c.action, Resource: c.resource, Context: c.ctx}, c.set.build(t))
			checkDecision(t, d, c.want, c.policy, c.stmtIdx, c.kind)
		})
	}
}

func checkDecision(t *testing.T, d authz.Decision, want authz.Outcome, policy string, idx int, kind authz.Kind) {
	t.Helper()
	if d.Outcome != want || d.Allowed != (want == authz.Allow) {
		t.Fatalf("Outcome = %v (Allowed %v), want %v; reason %+v", d.Outcome, d.Allowed, want, d.Reason)
	}
	if d.Reason.PolicyID != policy || d.Reason.Statement != idx || d.Reason.Kind != kind {
		t.Errorf("Reason = {PolicyID:%q Statement:%d Kind:%v}, want {%q %d %v}; %+v",
			d.Reason.PolicyID, d.Reason.Statement, d.Reason.Kind, policy, idx, kind, d.Reason)
	}
	if (want != authz.Allow || policy == "") && d.Reason.Note == "" {
		t.Errorf("Reason.Note is empty: %+v", d.Reason)
	}
}
