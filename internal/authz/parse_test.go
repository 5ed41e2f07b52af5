package authz_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
)

// parseCase: Parse(doc, kind) succeeds when err is "", otherwise fails
// with a *PolicyError whose message contains err.
type parseCase struct {
	name string
	kind authz.Kind
	doc  string
	err  string
}

const (
	idOK  = `{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"}`
	resOK = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}`
	trOK  = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}`
)

func doc12(statements string) string {
	return `{"Version":"2012-10-17","Statement":` + statements + `}`
}

var parseCases = []parseCase{
	// Documents.
	{"minimal_identity", authz.Identity, doc12(idOK), ""},
	{"statement_list", authz.Identity, doc12("[" + idOK + "," + idOK + "]"), ""},
	{"version_2008", authz.Identity, `{"Version":"2008-10-17","Statement":` + idOK + `}`, ""},
	{"version_absent", authz.Identity, `{"Statement":` + idOK + `}`, ""},
	{"with_id", authz.Identity, `{"Version":"2012-10-17","Id":"my-policy","Statement":` + idOK + `}`, ""},
	{"whitespace_everywhere", authz.Identity, "\n\t{ \"Version\" : \"2012-10-17\" ,\n \"Statement\" : " + idOK + " }\n", ""},
	{"version_bad", authz.Identity, `{"Version":"2012-10-18","Statement":` + idOK + `}`, `Version: must be "2012-10-17" or "2008-10-17"`},
	{"version_not_string", authz.Identity, `{"Version":2012,"Statement":` + idOK + `}`, "Version: must be"},
	{"id_not_string", authz.Identity, `{"Id":1,"Statement":` + idOK + `}`, "Id: must be a string"},
	{"unknown_top_element", authz.Identity, `{"Version":"2012-10-17","Statements":[]}`, "Statements: unknown policy element"},
	{"top_element_case_matters", authz.Identity, `{"version":"2012-10-17","Statement":` + idOK + `}`, "version: unknown policy element"},
	{"no_statement", authz.Identity, `{"Version":"2012-10-17"}`, "Statement: is required"},
	{"empty_statement_list", authz.Identity, doc12(`[]`), "Statement: must have at least one statement"},
	{"statement_not_object", authz.Identity, doc12(`"x"`), "Statement[0]: must be a JSON object"},
	{"statement_list_item_not_object", authz.Identity, doc12(`[` + idOK + `,1]`), "Statement[1]: must be a JSON object"},
	{"not_json", authz.Identity, `{"Version":`, "not valid JSON"},
	{"not_object", authz.Identity, `[1,2]`, "must be a JSON object"},
	{"empty_document", authz.Identity, ``, "not valid JSON"},
	{"trailing_data", authz.Identity, doc12(idOK) + `{}`, "unexpected data after"},
	{"trailing_garbage", authz.Identity, doc12(idOK) + `x`, "line 1: unexpected data after"},
	{"duplicate_member", authz.Identity, `{"Version":"2012-10-17","Version":"2012-10-17","Statement":` + idOK + `}`, "duplicate member \"Version\""},
	{"duplicate_member_in_statement", authz.Identity, doc12(`{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}`), "duplicate member \"Effect\""},
	{"too_deep", authz.Identity, strings.Repeat("[", 40) + strings.Repeat("]", 40), "nested too deeply"},
	{"null_document", authz.Identity, `null`, "must be a JSON object"},

	// Effect.
	{"effect_missing", authz.Identity, doc12(`{"Action":"*","Resource":"*"}`), "Statement[0].Effect: is required"},
	{"effect_bad", authz.Identity, doc12(`[` + idOK + `,{"Effect":"Permit","Action":"*","Resource":"*"}]`), "Statement[1].Effect: must be Allow or Deny"},
	{"effect_lower_case", authz.Identity, doc12(`{"Effect":"allow","Action":"*","Resource":"*"}`), "Statement[0].Effect: must be Allow or Deny"},
	{"effect_not_string", authz.Identity, doc12(`{"Effect":true,"Action":"*","Resource":"*"}`), "Effect: must be Allow or Deny"},
	{"effect_deny", authz.Identity, doc12(`{"Effect":"Deny","Action":"*","Resource":"*"}`), ""},

	// Sid.
	{"sid_ok", authz.Identity, doc12(`{"Sid":"AllowRead1","Effect":"Allow","Action":"*","Resource":"*"}`), ""},
	{"sid_empty_ok", authz.Identity, doc12(`{"Sid":"","Effect":"Allow","Action":"*","Resource":"*"}`), ""},
	{"sid_space_identity", authz.Identity, doc12(`{"Sid":"Allow read","Effect":"Allow","Action":"*","Resource":"*"}`), "Sid: may contain only ASCII letters and digits"},
	{"sid_space_resource_policy", authz.Resource, doc12(`{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), ""},
	{"sid_not_string", authz.Identity, doc12(`{"Sid":1,"Effect":"Allow","Action":"*","Resource":"*"}`), "Sid: must be a string"},
	{"sid_duplicate", authz.Identity, doc12(`[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]`), "Statement[1].Sid: duplicate Sid"},
	{"sid_empty_twice_ok", authz.Identity, doc12(`[{"Sid":"","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"","Effect":"Deny","Action":"*","Resource":"*"}]`), ""},

	// Action and NotAction.
	{"action_star", authz.Identity, doc12(allowStmtJSON("*", "*")), ""},
	{"action_service_star", authz.Identity, doc12(allowStmtJSON("ssm:*", "*")), ""},
	{"action_wildcards", authz.Identity, doc12(allowStmtJSON("ssm:Get*Param?ter", "*")), ""},
	{"action_wildcard_in_prefix", authz.Identity, doc12(allowStmtJSON("s*:Get*", "*")), ""},
	{"action_list", authz.Identity, doc12(`{"Effect":"Allow","Action":["ssm:GetParameter","kms:Decrypt"],"Resource":"*"}`), ""},
	{"action_missing", authz.Identity, doc12(`{"Effect":"Allow","Resource":"*"}`), "Statement[0].Action: is required"},
	{"action_and_not_action", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","NotAction":"iam:*","Resource":"*"}`), "NotAction: cannot be used with Action"},
	{"not_action_ok", authz.Identity, doc12(`{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}`), ""},
	{"action_no_colon", authz.Identity, doc12(allowStmtJSON("GetParameter", "*")), "Statement[0].Action: must be \"*\" or of the form service:action"},
	{"action_empty_string", authz.Identity, doc12(allowStmtJSON("", "*")), "Action: must be"},
	{"action_empty_name", authz.Identity, doc12(allowStmtJSON("ssm:", "*")), "Action: must be"},
	{"action_bad_chars", authz.Identity, doc12(allowStmtJSON("ssm:Get Parameter", "*")), "Action: must be"},
	{"action_list_item_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":["ssm:GetParameter","bad"],"Resource":"*"}`), "Statement[0].Action[1]: must be"},
	{"action_empty_list", authz.Identity, doc12(`{"Effect":"Allow","Action":[],"Resource":"*"}`), "Action: must not be an empty list"},
	{"action_number", authz.Identity, doc12(`{"Effect":"Allow","Action":1,"Resource":"*"}`), "Action: must be a string or a list of strings"},
	{"action_list_of_numbers", authz.Identity, doc12(`{"Effect":"Allow","Action":[1],"Resource":"*"}`), "Action[0]: must be a string"},

	// Resource and NotResource.
	{"resource_arn", authz.Identity, doc12(allowStmtJSON("ssm:*", "arn:aws:ssm:us-east-1:111122223333:parameter/prod/*")), ""},
	{"resource_s3_arn", authz.Identity, doc12(allowStmtJSON("s3:*", "arn:aws:s3:::bucket/*")), ""},
	{"resource_missing_identity", authz.Identity, doc12(`{"Effect":"Allow","Action":"*"}`), "Statement[0].Resource: is required"},
	{"resource_and_not_resource", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}`), "NotResource: cannot be used with Resource"},
	{"not_resource_ok", authz.Identity, doc12(`{"Effect":"Deny","Action":"*","NotResource":"arn:aws:ssm:*:*:parameter/dev/*"}`), ""},
	{"resource_not_arn", authz.Identity, doc12(allowStmtJSON("*", "parameter/prod")), "Resource: must be \"*\" or an ARN"},
	{"resource_too_few_fields", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:s3")), "Resource: must be"},
	{"resource_arn_star", authz.Identity, doc12(allowStmtJSON("*", "arn:*")), "Resource: must be"},
	{"resource_empty", authz.Identity, doc12(allowStmtJSON("*", "")), "Resource: must be"},
	{"resource_variable", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:ssm:*:*:parameter/${aws:username}/*")), ""},
	{"resource_variable_default", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*")), ""},
	{"resource_variable_unterminated", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:s3:::b/${aws:username")), "malformed policy variable"},
	{"resource_variable_empty", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:s3:::b/${}")), "malformed policy variable"},
	{"resource_variable_bad_default", authz.Identity, doc12(allowStmtJSON("*", "arn:aws:s3:::b/${aws:username, x}")), "malformed policy variable"},
	{"resource_variable_2008_literal", authz.Identity, `{"Version":"2008-10-17","Statement":` + allowStmtJSON("*", "arn:aws:s3:::b/${aws:username") + `}`, ""},
	{"resource_forbidden_trust", authz.Trust, doc12(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}`), "Resource: is not allowed in a trust policy"},
	{"resource_optional_resource_policy", authz.Resource, doc12(`{"Effect":"Allow","Principal":"*","Action":"secretsmanager:*"}`), ""},

	// Principal and NotPrincipal.
	{"principal_in_identity", authz.Identity, doc12(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), "Statement[0].Principal: is not allowed in an identity-based policy"},
	{"principal_in_session", authz.Session, doc12(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), "Principal: is not allowed"},
	{"principal_in_boundary", authz.Boundary, doc12(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), "NotPrincipal: is not allowed"},
	{"principal_missing_resource_policy", authz.Resource, doc12(idOK), "Statement[0].Principal: is required"},
	{"principal_missing_trust", authz.Trust, doc12(`{"Effect":"Allow","Action":"sts:AssumeRole"}`), "Principal: is required"},
	{"principal_missing_key_policy", authz.KeyPolicy, doc12(`{"Effect":"Allow","Action":"kms:*","Resource":"*"}`), "Principal: is required"},
	{"principal_star", authz.Resource, doc12(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`), ""},
	{"principal_aws_star", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}`), ""},
	{"principal_account_id", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), ""},
	{"principal_root_arn", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"}`), ""},
	{"principal_list", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:user/a","arn:aws:sts::111122223333:assumed-role/r/s"]},"Action":"*","Resource":"*"}`), ""},
	{"principal_service", authz.Trust, doc12(`{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}`), ""},
	{"principal_federated", authz.Trust, doc12(`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}`), ""},
	{"principal_canonical_user", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"CanonicalUser":"79a59df900b949e55d96a1e698fbaced"},"Action":"*","Resource":"*"}`), ""},
	{"principal_string_not_star", authz.Resource, doc12(`{"Effect":"Allow","Principal":"alice","Action":"*","Resource":"*"}`), "Statement[0].Principal: must be \"*\" or an object"},
	{"principal_empty_object", authz.Resource, doc12(`{"Effect":"Allow","Principal":{},"Action":"*","Resource":"*"}`), "Principal: must be"},
	{"principal_unknown_type", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"User":"alice"},"Action":"*","Resource":"*"}`), "Principal.User: unknown principal type"},
	{"principal_bad_arn", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"*","Resource":"*"}`), "Principal.AWS: must be"},
	{"principal_wildcard_arn", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"*","Resource":"*"}`), "cannot contain wildcards"},
	{"principal_bad_list_item", authz.Resource, doc12(`{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:s3:::b"]},"Action":"*","Resource":"*"}`), "Principal.AWS[1]: must be"},
	{"principal_empty_service", authz.Trust, doc12(`{"Effect":"Allow","Principal":{"Service":""},"Action":"sts:AssumeRole"}`), "Principal.Service: must not be empty"},
	{"principal_and_not_principal", authz.Resource, doc12(`{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), "NotPrincipal: cannot be used with Principal"},
	{"not_principal_deny", authz.Resource, doc12(`{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/alice"]},"Action":"*","Resource":"*"}`), ""},
	{"not_principal_allow", authz.Resource, doc12(`{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}`), "NotPrincipal: can only be used with \"Effect\": \"Deny\""},
	{"not_principal_trust", authz.Trust, doc12(`{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}`), "NotPrincipal: is not allowed in a trust policy"},

	// Trust policies.
	{"trust_ok", authz.Trust, doc12(trOK), ""},
	{"trust_assume_role_wildcard", authz.Trust, doc12(`{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole*"}`), ""},
	{"trust_tag_session", authz.Trust, doc12(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["sts:AssumeRole","sts:TagSession"]}`), ""},
	{"trust_non_sts_action", authz.Trust, doc12(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}`), "Action: a trust policy may only allow or deny sts actions"},
	{"trust_star_action", authz.Trust, doc12(`{"Effect":"Allow","Principal":"*","Action":"*"}`), "sts actions"},
	{"trust_external_id", authz.Trust, doc12(`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}`), ""},

	// Unknown statement elements.
	{"unknown_statement_element", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Comment":"x"}`), "Statement[0].Comment: unknown statement element"},
	{"statement_element_case", authz.Identity, doc12(`{"effect":"Allow","Action":"*","Resource":"*"}`), "Statement[0].effect: unknown statement element"},

	// Conditions.
	{"condition_ok", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}`), ""},
	{"condition_empty_object", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}`), ""},
	{"condition_not_object", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":"x"}`), "Condition: must be an object"},
	{"condition_unknown_operator", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringMatches":{"a:b":"c"}}}`), "Statement[0].Condition.StringMatches: unknown condition operator"},
	{"condition_null_if_exists", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"a:b":"true"}}}`), "unknown condition operator"},
	{"condition_null_qualified", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:Null":{"a:b":"true"}}}`), "unknown condition operator"},
	{"condition_bad_qualifier", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForSomeValues:StringEquals":{"a:b":"c"}}}`), "unknown condition operator"},
	{"condition_all_operators", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{` + allOperators + `}}`), ""},
	{"condition_block_empty", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{}}}`), "Condition.StringEquals: must be a non-empty object"},
	{"condition_block_not_object", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":"x"}}`), "must be a non-empty object"},
	{"condition_key_no_prefix", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"x"}}}`), "Condition.StringEquals.username: must be a condition key"},
	{"condition_value_object", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":{"c":1}}}}`), "Condition.StringEquals.a:b: must be a string, number or boolean"},
	{"condition_value_null", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":null}}}`), "must be a string, number or boolean"},
	{"condition_value_empty_list", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":[]}}}`), "must be a string, number or boolean"},
	{"condition_value_nested_list", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":["x",["y"]]}}}`), "Condition.StringEquals.a:b[1]: must be a string"},
	{"condition_numeric_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"a:b":"ten"}}}`), "Condition.NumericLessThan.a:b: must be a number"},
	{"condition_numeric_nan", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"a:b":"NaN"}}}`), "must be a number"},
	{"condition_date_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}}`), "must be a date"},
	{"condition_bool_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}`), "must be true or false"},
	{"condition_null_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"a:b":"maybe"}}}`), "must be true or false"},
	{"condition_ip_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.0.0.0/99"]}}}`), "Condition.IpAddress.aws:SourceIp[1]: must be an IPv4 or IPv6 address"},
	{"condition_binary_bad", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"a:b":"%%%"}}}`), "must be base64"},
	{"condition_bad_variable", authz.Identity, doc12(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":"${aws:username"}}}`), "malformed policy variable"},
	{"condition_bad_variable_2008_ok", authz.Identity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":"${aws:username"}}}}`, ""},
}

// allOperators names every operator once.
const allOperators = `"StringEquals":{"a:b":"x"},"StringNotEquals":{"a:b":"x"},"StringEqualsIgnoreCase":{"a:b":"x"},` +
	`"StringNotEqualsIgnoreCase":{"a:b":"x"},"StringLike":{"a:b":"x*"},"StringNotLike":{"a:b":"x*"},` +
	`"NumericEquals":{"a:n":1},"NumericNotEquals":{"a:n":1},"NumericLessThan":{"a:n":1},"NumericLessThanEquals":{"a:n":1},` +
	`"NumericGreaterThan":{"a:n":1},"NumericGreaterThanEquals":{"a:n":1},"DateEquals":{"a:d":"2026-01-01"},` +
	`"DateNotEquals":{"a:d":"2026-01-01"},"DateLessThan":{"a:d":"2026-01-01"},"DateLessThanEquals":{"a:d":"2026-01-01"},` +
	`"DateGreaterThan":{"a:d":"2026-01-01"},"DateGreaterThanEquals":{"a:d":"2026-01-01"},"Bool":{"a:t":true},` +
	`"BinaryEquals":{"a:y":"eA=="},"IpAddress":{"a:i":"10.0.0.0/8"},"NotIpAddress":{"a:i":"::1"},` +
	`"ArnEquals":{"a:r":"arn:aws:iam::1:role/x"},"ArnLike":{"a:r":"arn:aws:iam::*:role/*"},` +
	`"ArnNotEquals":{"a:r":"arn:aws:iam::1:role/x"},"ArnNotLike":{"a:r":"arn:*:*:*:*:*"},"Null":{"a:z":"true"},` +
	`"StringEqualsIfExists":{"a:b":"x"},"ForAnyValue:StringLike":{"a:b":"x"},"ForAllValues:NumericLessThanIfExists":{"a:n":1}`

func allowStmtJSON(action, resource string) string { return allowStmt(action, resource) }

func TestParse_ErrorLine(t *testing.T) {
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"},\n    {\n      \"Effect\": \"Alow\",\n      \"Action\": \"*\"\n    }\n  ]\n}"
	_, err := authz.Parse([]byte(doc), authz.Identity)
	var pe *authz.PolicyError
	if !errors.As(err, &pe) || pe.Field != "Statement[1].Effect" || pe.Line != 6 || pe.Msg != "must be Allow or Deny" {
		t.Fatalf("Parse error = %#v", err)
	}
	if got := pe.Error(); got != "Statement[1].Effect: must be Allow or Deny" {
		t.Errorf("Error() = %q", got)
	}
}

func TestParse_MaxSize(t *testing.T) {
	doc := []byte(doc12(idOK))
	n := 0
	for _, c := range string(doc) {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			n++
		}
	}
	spaced := []byte(strings.ReplaceAll(string(doc), ",", " ,\n\t "))
	for _, tc := range []struct {
		name string
		doc  []byte
		max  int
		ok   bool
	}{
		{"at_limit", doc, n, true},
		{"white_space_not_counted", spaced, n, true},
		{"over_limit", doc, n - 1, false},
		{"managed_policy_quota", doc, authz.MaxManagedPolicySize, true},
		{"hard_limit", []byte(strings.Repeat(" ", authz.MaxDocumentBytes+1)), 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := authz.Parse(tc.doc, authz.Identity, authz.MaxSize(tc.max))
			if tc.ok != (err == nil) {
				t.Fatalf("Parse: %v", err)
			}
			if !tc.ok && arca.ErrorCode(err) != arca.ELimit {
				t.Errorf("ErrorCode = %q, want %q (%v)", arca.ErrorCode(err), arca.ELimit, err)
			}
		})
	}
}

func TestParse_UnknownKind(t *testing.T) {
	if _, err := authz.Parse([]byte(doc12(idOK)), authz.Kind(0)); err == nil {
		t.Fatal("Parse with kind 0 succeeded")
	}
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		t.Run(c.name, func(t *testing.T) {
			p, err := authz.Parse([]byte(c.doc), c.kind)
			if c.err == "" {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if p.Kind != c.kind || len(p.Statements) == 0 {
					t.Fatalf("Parse = %+v", p)
				}
				return
			}
			var pe *authz.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v (%T), want a *PolicyError containing %q", err, err, c.err)
			}
			if !strings.Contains(pe.Error(), c.err) {
				t.Errorf("Parse error = %q, want it to contain %q", pe.Error(), c.err)
			}
			if arca.ErrorCode(err) != arca.EBadPolicy {
				t.Errorf("ErrorCode = %q, want %q", arca.ErrorCode(err), arca.EBadPolicy)
			}
		})
	}
}
