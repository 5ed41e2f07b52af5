package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

type ctx = map[string][]string

// conditionCase: an identity policy allowing everything under Condition
// {cond}, evaluated for alice with the request context ctx.
type conditionCase struct {
	name string
	cond string
	ctx  ctx
	want bool
}

const (
	t2021 = "2021-01-01T00:00:00Z"
	t2026 = "2026-01-01T00:00:00Z"
)

var conditionCases = []conditionCase{
	// String operators.
	{"string_equals_match", `"StringEquals":{"aws:UserAgent":"cli"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_equals_mismatch", `"StringEquals":{"aws:UserAgent":"cli"}`, ctx{"aws:UserAgent": {"sdk"}}, false},
	{"string_equals_case_sensitive_value", `"StringEquals":{"aws:UserAgent":"CLI"}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_equals_values_ored", `"StringEquals":{"aws:UserAgent":["a","cli"]}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_equals_missing_key", `"StringEquals":{"aws:UserAgent":"cli"}`, ctx{}, false},
	{"string_equals_nil_context", `"StringEquals":{"aws:UserAgent":"cli"}`, nil, false},
	{"string_equals_context_key_upper", `"StringEquals":{"aws:UserAgent":"cli"}`, ctx{"AWS:USERAGENT": {"cli"}}, true},
	{"string_equals_policy_key_lower", `"StringEquals":{"aws:useragent":"cli"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_equals_odd_case_both", `"StringEquals":{"AWS:userAGENT":"cli"}`, ctx{"Aws:UserAgent": {"cli"}}, true},
	{"string_equals_star_is_literal", `"StringEquals":{"aws:UserAgent":"c*"}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_equals_star_literal_match", `"StringEquals":{"aws:UserAgent":"c*"}`, ctx{"aws:UserAgent": {"c*"}}, true},
	{"string_equals_empty_value", `"StringEquals":{"x:k":""}`, ctx{"x:k": {""}}, true},
	{"string_equals_empty_list_is_missing", `"StringEquals":{"x:k":"a"}`, ctx{"x:k": {}}, false},
	{"string_not_equals_match", `"StringNotEquals":{"aws:UserAgent":"cli"}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_not_equals_mismatch", `"StringNotEquals":{"aws:UserAgent":"cli"}`, ctx{"aws:UserAgent": {"sdk"}}, true},
	{"string_not_equals_missing_key", `"StringNotEquals":{"aws:UserAgent":"cli"}`, ctx{}, true},
	{"string_not_equals_one_of_values", `"StringNotEquals":{"aws:UserAgent":["a","cli"]}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_not_equals_none_of_values", `"StringNotEquals":{"aws:UserAgent":["a","b"]}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_equals_ignore_case_match", `"StringEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_equals_ignore_case_mismatch", `"StringEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{"aws:UserAgent": {"sdk"}}, false},
	{"string_equals_ignore_case_missing", `"StringEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{}, false},
	{"string_not_equals_ignore_case_match", `"StringNotEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_not_equals_ignore_case_mismatch", `"StringNotEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{"aws:UserAgent": {"x"}}, true},
	{"string_not_equals_ignore_case_missing", `"StringNotEqualsIgnoreCase":{"aws:UserAgent":"CLI"}`, ctx{}, true},
	{"string_like_star", `"StringLike":{"aws:UserAgent":"c*"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_like_question", `"StringLike":{"aws:UserAgent":"c?i"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_like_question_one_char_only", `"StringLike":{"aws:UserAgent":"c?"}`, ctx{"aws:UserAgent": {"cli"}}, false},
	{"string_like_star_matches_empty", `"StringLike":{"aws:UserAgent":"cli*"}`, ctx{"aws:UserAgent": {"cli"}}, true},
	{"string_like_lone_star_present", `"StringLike":{"aws:UserAgent":"*"}`, ctx{"aws:UserAgent": {"anything"}}, true},
	{"string_like_lone_star_missing", `"StringLike":{"aws:UserAgent":"*"}`, ctx{}, false},
	{"string_like_backtracking", `"StringLike":{"x:k":"a*b*c"}`, ctx{"x:k": {"aXbXXbYc"}}, true},
	{"string_like_backtracking_fail", `"StringLike":{"x:k":"a*b*c"}`, ctx{"x:k": {"aXbXXbYcd"}}, false},
	{"string_like_case_sensitive", `"StringLike":{"x:k":"Prod/*"}`, ctx{"x:k": {"prod/x"}}, false},
	{"string_like_unicode_question", `"StringLike":{"x:k":"caf?"}`, ctx{"x:k": {"café"}}, true},
	{"string_not_like_match", `"StringNotLike":{"x:k":"prod/*"}`, ctx{"x:k": {"prod/x"}}, false},
	{"string_not_like_mismatch", `"StringNotLike":{"x:k":"prod/*"}`, ctx{"x:k": {"dev/x"}}, true},
	{"string_not_like_missing", `"StringNotLike":{"x:k":"prod/*"}`, ctx{}, true},
	{"string_equals_if_exists_missing", `"StringEqualsIfExists":{"x:k":"a"}`, ctx{}, true},
	{"string_equals_if_exists_mismatch", `"StringEqualsIfExists":{"x:k":"a"}`, ctx{"x:k": {"b"}}, false},
	{"string_equals_if_exists_match", `"StringEqualsIfExists":{"x:k":"a"}`, ctx{"x:k": {"a"}}, true},
	{"string_not_like_if_exists_missing", `"StringNotLikeIfExists":{"x:k":"a*"}`, ctx{}, true},
	{"string_like_if_exists_mismatch", `"StringLikeIfExists":{"x:k":"a*"}`, ctx{"x:k": {"b"}}, false},
	{"multivalued_unqualified_any", `"StringEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"b", "a"}}, true},
	{"multivalued_unqualified_negated_one_matches", `"StringNotEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"b", "a"}}, false},
	{"multivalued_unqualified_negated_none_match", `"StringNotEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"b", "c"}}, true},
	{"operator_name_case_insensitive", `"stringequals":{"x:k":"a"}`, ctx{"x:k": {"a"}}, true},

	// Set qualifiers.
	{"for_any_value_match", `"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}`, ctx{"aws:TagKeys": {"env", "x"}}, true},
	{"for_any_value_no_match", `"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}`, ctx{"aws:TagKeys": {"x", "y"}}, false},
	{"for_any_value_missing", `"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}`, ctx{}, false},
	{"for_any_value_empty_set", `"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}`, ctx{"aws:TagKeys": {}}, false},
	{"for_any_value_like", `"ForAnyValue:StringLike":{"aws:TagKeys":"env*"}`, ctx{"aws:TagKeys": {"x", "environment"}}, true},
	{"for_any_value_not_equals_all_listed", `"ForAnyValue:StringNotEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"a"}}, false},
	{"for_any_value_not_equals_one_unlisted", `"ForAnyValue:StringNotEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"a", "b"}}, true},
	{"for_any_value_not_equals_missing", `"ForAnyValue:StringNotEquals":{"aws:TagKeys":"a"}`, ctx{}, false},
	{"for_any_value_if_exists_missing", `"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}`, ctx{}, true},
	{"for_any_value_if_exists_mismatch", `"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"b"}}, false},
	{"for_any_value_qualifier_case", `"foranyvalue:StringEquals":{"aws:TagKeys":"a"}`, ctx{"aws:TagKeys": {"a"}}, true},
	{"for_all_values_subset", `"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}`, ctx{"aws:TagKeys": {"env"}}, true},
	{"for_all_values_equal_set", `"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}`, ctx{"aws:TagKeys": {"team", "env"}}, true},
	{"for_all_values_extra_value", `"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}`, ctx{"aws:TagKeys": {"env", "x"}}, false},
	{"for_all_values_missing", `"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}`, ctx{}, true},
	{"for_all_values_empty_set", `"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}`, ctx{"aws:TagKeys": {}}, true},
	{"for_all_values_like", `"ForAllValues:StringLike":{"aws:TagKeys":"env*"}`, ctx{"aws:TagKeys": {"env1", "env2"}}, true},
	{"for_all_values_like_one_out", `"ForAllValues:StringLike":{"aws:TagKeys":"env*"}`, ctx{"aws:TagKeys": {"env1", "x"}}, false},
	{"for_all_values_not_equals_clean", `"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}`, ctx{"aws:TagKeys": {"a", "b"}}, true},
	{"for_all_values_not_equals_hit", `"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}`, ctx{"aws:TagKeys": {"a", "secret"}}, false},
	{"for_all_values_not_equals_missing", `"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}`, ctx{}, true},
	{"for_all_values_ignore_case", `"ForAllValues:StringEqualsIgnoreCase":{"aws:TagKeys":"ENV"}`, ctx{"aws:TagKeys": {"env", "Env"}}, true},
	{"for_all_values_numeric", `"ForAllValues:NumericLessThan":{"x:n":10}`, ctx{"x:n": {"1", "9"}}, true},
	{"for_all_values_numeric_one_big", `"ForAllValues:NumericLessThan":{"x:n":10}`, ctx{"x:n": {"1", "11"}}, false},

	// Numeric operators.
	{"numeric_equals", `"NumericEquals":{"x:n":"10"}`, ctx{"x:n": {"10"}}, true},
	{"numeric_equals_decimal_form", `"NumericEquals":{"x:n":10}`, ctx{"x:n": {"10.0"}}, true},
	{"numeric_equals_mismatch", `"NumericEquals":{"x:n":10}`, ctx{"x:n": {"11"}}, false},
	{"numeric_equals_not_a_number", `"NumericEquals":{"x:n":10}`, ctx{"x:n": {"ten"}}, false},
	{"numeric_equals_missing", `"NumericEquals":{"x:n":10}`, ctx{}, false},
	{"numeric_equals_values_ored", `"NumericEquals":{"x:n":[1,2]}`, ctx{"x:n": {"2"}}, true},
	{"numeric_not_equals", `"NumericNotEquals":{"x:n":10}`, ctx{"x:n": {"11"}}, true},
	{"numeric_not_equals_equal", `"NumericNotEquals":{"x:n":10}`, ctx{"x:n": {"10"}}, false},
	{"numeric_not_equals_missing", `"NumericNotEquals":{"x:n":10}`, ctx{}, true},
	{"numeric_less_than", `"NumericLessThan":{"x:n":10}`, ctx{"x:n": {"9"}}, true},
	{"numeric_less_than_equal", `"NumericLessThan":{"x:n":10}`, ctx{"x:n": {"10"}}, false},
	{"numeric_less_than_greater", `"NumericLessThan":{"x:n":10}`, ctx{"x:n": {"11"}}, false},
	{"numeric_less_than_equals_equal", `"NumericLessThanEquals":{"x:n":10}`, ctx{"x:n": {"10"}}, true},
	{"numeric_less_than_equals_greater", `"NumericLessThanEquals":{"x:n":10}`, ctx{"x:n": {"11"}}, false},
	{"numeric_greater_than", `"NumericGreaterThan":{"x:n":10}`, ctx{"x:n": {"11"}}, true},
	{"numeric_greater_than_equal", `"NumericGreaterThan":{"x:n":10}`, ctx{"x:n": {"10"}}, false},
	{"numeric_greater_than_equals_equal", `"NumericGreaterThanEquals":{"x:n":10}`, ctx{"x:n": {"10"}}, true},
	{"numeric_greater_than_equals_less", `"NumericGreaterThanEquals":{"x:n":10}`, ctx{"x:n": {"9"}}, false},
	{"numeric_negative_decimal", `"NumericGreaterThan":{"x:n":-1.5}`, ctx{"x:n": {"-1"}}, true},
	{"numeric_mfa_age_fresh", `"NumericLessThan":{"aws:MultiFactorAuthAge":3600}`, ctx{"aws:MultiFactorAuthAge": {"100"}}, true},
	{"numeric_mfa_age_stale", `"NumericLessThan":{"aws:MultiFactorAuthAge":3600}`, ctx{"aws:MultiFactorAuthAge": {"7200"}}, false},
	{"numeric_if_exists_missing", `"NumericLessThanIfExists":{"x:n":1}`, ctx{}, true},
	{"numeric_if_exists_present_fail", `"NumericLessThanIfExists":{"x:n":1}`, ctx{"x:n": {"2"}}, false},

	// Date operators.
	{"date_greater_than", `"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2021}}, true},
	{"date_greater_than_before", `"DateGreaterThan":{"aws:CurrentTime":"2022-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2021}}, false},
	{"date_less_than", `"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_less_than_after", `"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, false},
	{"date_less_than_equal_instant", `"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, false},
	{"date_less_than_equals_equal", `"DateLessThanEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_greater_than_equals_equal", `"DateGreaterThanEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_equals", `"DateEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_equals_other_zone_same_instant", `"DateEquals":{"aws:CurrentTime":"2026-01-01T01:00:00+01:00"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_not_equals", `"DateNotEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2021}}, true},
	{"date_not_equals_equal", `"DateNotEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, false},
	{"date_not_equals_missing", `"DateNotEquals":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}`, ctx{}, true},
	{"date_epoch_context", `"DateGreaterThan":{"aws:EpochTime":"2025-12-31T00:00:00Z"}`, ctx{"aws:EpochTime": {"1767225600"}}, true},
	{"date_epoch_condition_value", `"DateLessThan":{"aws:CurrentTime":1767225600}`, ctx{"aws:CurrentTime": {"2025-06-01T00:00:00Z"}}, true},
	{"date_epoch_both", `"DateEquals":{"aws:EpochTime":1767225600}`, ctx{"aws:EpochTime": {"1767225600"}}, true},
	{"date_day_only_value", `"DateGreaterThan":{"aws:CurrentTime":"2026-01-01"}`, ctx{"aws:CurrentTime": {"2026-01-01T00:00:01Z"}}, true},
	{"date_fractional_seconds", `"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00.5Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_bad_context_value", `"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {"yesterday"}}, false},
	{"date_missing", `"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}`, ctx{}, false},
	{"date_if_exists_missing", `"DateLessThanIfExists":{"aws:TokenIssueTime":"2030-01-01T00:00:00Z"}`, ctx{}, true},
	{"date_window_inside", `"DateGreaterThan":{"aws:CurrentTime":"2025-12-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2026-02-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2026}}, true},
	{"date_window_outside", `"DateGreaterThan":{"aws:CurrentTime":"2025-12-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2026-02-01T00:00:00Z"}`, ctx{"aws:CurrentTime": {t2021}}, false},

	// Bool.
	{"bool_true", `"Bool":{"aws:SecureTransport":"true"}`, ctx{"aws:SecureTransport": {"true"}}, true},
	{"bool_true_vs_false", `"Bool":{"aws:SecureTransport":"true"}`, ctx{"aws:SecureTransport": {"false"}}, false},
	{"bool_case_insensitive", `"Bool":{"aws:SecureTransport":"true"}`, ctx{"aws:SecureTransport": {"TRUE"}}, true},
	{"bool_json_literal", `"Bool":{"aws:SecureTransport":true}`, ctx{"aws:SecureTransport": {"true"}}, true},
	{"bool_false_matches_false", `"Bool":{"aws:MultiFactorAuthPresent":"false"}`, ctx{"aws:MultiFactorAuthPresent": {"false"}}, true},
	{"bool_false_missing_key", `"Bool":{"aws:MultiFactorAuthPresent":"false"}`, ctx{}, false},
	{"bool_if_exists_false_missing_key", `"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}`, ctx{}, true},
	{"bool_not_a_bool", `"Bool":{"aws:SecureTransport":"true"}`, ctx{"aws:SecureTransport": {"yes"}}, false},

	// BinaryEquals.
	{"binary_equals", `"BinaryEquals":{"x:b":"QmluYXJ5VmFsdWU="}`, ctx{"x:b": {"QmluYXJ5VmFsdWU="}}, true},
	{"binary_equals_other", `"BinaryEquals":{"x:b":"QmluYXJ5VmFsdWU="}`, ctx{"x:b": {"b3RoZXI="}}, false},
	{"binary_equals_not_base64", `"BinaryEquals":{"x:b":"QmluYXJ5VmFsdWU="}`, ctx{"x:b": {"%%%"}}, false},
	{"binary_equals_missing", `"BinaryEquals":{"x:b":"QmluYXJ5VmFsdWU="}`, ctx{}, false},

	// IpAddress, NotIpAddress.
	{"ip_in_cidr", `"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, true},
	{"ip_out_of_cidr", `"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"203.0.114.1"}}, false},
	{"ip_single_address", `"IpAddress":{"aws:SourceIp":"203.0.113.7"}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, true},
	{"ip_single_address_other", `"IpAddress":{"aws:SourceIp":"203.0.113.7"}`, ctx{"aws:SourceIp": {"203.0.113.8"}}, false},
	{"ip_slash_32", `"IpAddress":{"aws:SourceIp":"203.0.113.7/32"}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, true},
	{"ip_unmasked_cidr", `"IpAddress":{"aws:SourceIp":"10.1.2.3/8"}`, ctx{"aws:SourceIp": {"10.200.0.1"}}, true},
	{"ip_v6_in", `"IpAddress":{"aws:SourceIp":"2001:db8::/32"}`, ctx{"aws:SourceIp": {"2001:db8::1"}}, true},
	{"ip_v6_out", `"IpAddress":{"aws:SourceIp":"2001:db8::/32"}`, ctx{"aws:SourceIp": {"2001:db9::1"}}, false},
	{"ip_v4_mapped_request", `"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"::ffff:203.0.113.7"}}, true},
	{"ip_v4_rule_v6_request", `"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}`, ctx{"aws:SourceIp": {"2001:db8::1"}}, false},
	{"ip_any_v4", `"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}`, ctx{"aws:SourceIp": {"198.51.100.1"}}, true},
	{"ip_second_cidr", `"IpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}`, ctx{"aws:SourceIp": {"203.0.113.9"}}, true},
	{"ip_not_an_address", `"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"localhost"}}, false},
	{"ip_missing", `"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{}, false},
	{"not_ip_inside", `"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, false},
	{"not_ip_outside", `"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{"aws:SourceIp": {"192.0.2.1"}}, true},
	{"not_ip_missing", `"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{}, true},
	{"ip_if_exists_missing", `"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}`, ctx{}, true},

	// Arn operators.
	{"arn_equals", `"ArnEquals":{"aws:SourceArn":"arn:aws:iam::111122223333:role/web-task"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/web-task"}}, true},
	{"arn_equals_other", `"ArnEquals":{"aws:SourceArn":"arn:aws:iam::111122223333:role/web-task"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/worker"}}, false},
	{"arn_like_wildcards", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/web-*"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/web-task"}}, true},
	{"arn_equals_wildcards_too", `"ArnEquals":{"aws:SourceArn":"arn:aws:iam::*:role/web-?ask"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/web-task"}}, true},
	{"arn_like_account_prefix", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::1111*:role/x"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/x"}}, true},
	{"arn_like_field_star_stops_at_colon", `"ArnLike":{"aws:SourceArn":"arn:aws:sqs:us-east-1:*:queue"}`, ctx{"aws:SourceArn": {"arn:aws:sqs:us-east-1:1111:2222:queue"}}, false},
	{"arn_like_resource_field_keeps_colons", `"ArnLike":{"aws:SourceArn":"arn:aws:secretsmanager:*:*:secret:amply/*"}`, ctx{"aws:SourceArn": {"arn:aws:secretsmanager:us-east-1:111122223333:secret:amply/prod/db-AbCdEf"}}, true},
	{"arn_like_not_an_arn", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/*"}`, ctx{"aws:SourceArn": {"role/x"}}, false},
	{"arn_like_case_sensitive", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/Web*"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/web-task"}}, false},
	{"arn_not_equals_match", `"ArnNotEquals":{"aws:SourceArn":"arn:aws:iam::111122223333:role/web-task"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/web-task"}}, false},
	{"arn_not_equals_other", `"ArnNotEquals":{"aws:SourceArn":"arn:aws:iam::111122223333:role/web-task"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/x"}}, true},
	{"arn_not_like_missing", `"ArnNotLike":{"aws:SourceArn":"arn:aws:iam::*:role/*"}`, ctx{}, true},
	{"arn_not_like_match", `"ArnNotLike":{"aws:SourceArn":"arn:aws:iam::*:role/*"}`, ctx{"aws:SourceArn": {"arn:aws:iam::1:role/x"}}, false},
	{"arn_like_if_exists_missing", `"ArnLikeIfExists":{"aws:SourceArn":"arn:aws:iam::*:role/*"}`, ctx{}, true},
	{"arn_like_missing", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::*:role/*"}`, ctx{}, false},
	{"arn_equals_principal_arn_derived", `"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}`, nil, true},
	{"arn_like_with_variable", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}`, ctx{"aws:SourceArn": {"arn:aws:iam::111122223333:role/x"}}, true},
	{"arn_like_with_variable_other_account", `"ArnLike":{"aws:SourceArn":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}`, ctx{"aws:SourceArn": {"arn:aws:iam::444455556666:role/x"}}, false},

	// Null.
	{"null_true_missing", `"Null":{"aws:TokenIssueTime":"true"}`, ctx{}, true},
	{"null_true_present", `"Null":{"aws:TokenIssueTime":"true"}`, ctx{"aws:TokenIssueTime": {t2026}}, false},
	{"null_false_present", `"Null":{"aws:TokenIssueTime":"false"}`, ctx{"aws:TokenIssueTime": {t2026}}, true},
	{"null_false_missing", `"Null":{"aws:TokenIssueTime":"false"}`, ctx{}, false},
	{"null_both_values", `"Null":{"aws:TokenIssueTime":["true","false"]}`, ctx{}, true},
	{"null_empty_list_is_missing", `"Null":{"x:k":true}`, ctx{"x:k": {}}, true},
	{"null_derived_key_present", `"Null":{"aws:username":"false"}`, nil, true},

	// Keys derived from the principal (alice).
	{"derived_username", `"StringEquals":{"aws:username":"alice"}`, nil, true},
	{"derived_userid", `"StringEquals":{"aws:userid":"AIDAALICE"}`, nil, true},
	{"derived_principal_account", `"StringEquals":{"aws:PrincipalAccount":"111122223333"}`, nil, true},
	{"derived_principal_type", `"StringEquals":{"aws:PrincipalType":"User"}`, nil, true},
	{"derived_principal_tag", `"StringEquals":{"aws:PrincipalTag/team":"web"}`, nil, true},
	{"derived_principal_tag_key_case", `"StringEquals":{"aws:PrincipalTag/TEAM":"web"}`, nil, true},
	{"derived_principal_tag_missing", `"StringEquals":{"aws:PrincipalTag/project":"x"}`, nil, false},
	{"derived_principal_tag_missing_negated", `"StringNotEquals":{"aws:PrincipalTag/project":"x"}`, nil, true},
	{"derived_is_aws_service", `"Bool":{"aws:PrincipalIsAWSService":"false"}`, nil, true},
	{"context_overrides_derived", `"StringEquals":{"aws:username":"alice"}`, ctx{"aws:username": {"mallory"}}, false},

	// Several conditions are AND'ed.
	{"two_keys_both_match", `"StringEquals":{"x:a":"1","x:b":"2"}`, ctx{"x:a": {"1"}, "x:b": {"2"}}, true},
	{"two_keys_one_fails", `"StringEquals":{"x:a":"1","x:b":"2"}`, ctx{"x:a": {"1"}, "x:b": {"3"}}, false},
	{"two_operators_both_match", `"StringEquals":{"x:a":"1"},"Bool":{"aws:SecureTransport":"true"}`, ctx{"x:a": {"1"}, "aws:SecureTransport": {"true"}}, true},
	{"two_operators_one_fails", `"StringEquals":{"x:a":"1"},"Bool":{"aws:SecureTransport":"true"}`, ctx{"x:a": {"1"}, "aws:SecureTransport": {"false"}}, false},
	{"empty_condition_block", ``, nil, true},

	// Policy variables in condition values.
	{"var_in_string_equals", `"StringEquals":{"aws:UserAgent":"${aws:username}-cli"}`, ctx{"aws:UserAgent": {"alice-cli"}}, true},
	{"var_in_string_like", `"StringLike":{"s3:prefix":"home/${aws:username}/*"}`, ctx{"s3:prefix": {"home/alice/docs"}}, true},
	{"var_in_string_like_other_user", `"StringLike":{"s3:prefix":"home/${aws:username}/*"}`, ctx{"s3:prefix": {"home/bob/docs"}}, false},
	{"var_default_used", `"StringEquals":{"x:k":"${aws:PrincipalTag/missing, 'none'}"}`, ctx{"x:k": {"none"}}, true},
	{"var_default_not_used", `"StringEquals":{"x:k":"${aws:PrincipalTag/team, 'none'}"}`, ctx{"x:k": {"web"}}, true},
	{"var_escape_star_literal", `"StringLike":{"x:k":"${*}"}`, ctx{"x:k": {"*"}}, true},
	{"var_escape_star_not_wildcard", `"StringLike":{"x:k":"${*}"}`, ctx{"x:k": {"abc"}}, false},
	{"var_escape_question", `"StringLike":{"x:k":"a${?}"}`, ctx{"x:k": {"a?"}}, true},
	{"var_escape_dollar", `"StringEquals":{"x:k":"${$}{aws:username}"}`, ctx{"x:k": {"${aws:username}"}}, true},
	{"var_from_context", `"StringEquals":{"x:k":"${aws:SourceIp}"}`, ctx{"x:k": {"192.0.2.1"}, "aws:SourceIp": {"192.0.2.1"}}, true},
	{"var_value_is_literal_not_wildcard", `"StringLike":{"x:k":"${x:pat}"}`, ctx{"x:k": {"abc"}, "x:pat": {"a*"}}, false},
	{"var_multivalued_key_unresolved", `"StringEquals":{"x:k":"${aws:TagKeys}"}`, ctx{"x:k": {"a"}, "aws:TagKeys": {"a", "b"}}, false},
	{"var_unresolved_negated_allow_fails_closed", `"StringNotEquals":{"x:k":"${aws:PrincipalTag/missing}"}`, ctx{"x:k": {"a"}}, false},
	{"var_ignore_case", `"StringEqualsIgnoreCase":{"x:k":"${aws:username}"}`, ctx{"x:k": {"ALICE"}}, true},
}

func TestEvaluate_Conditions(t *testing.T) {
	for _, c := range conditionCases {
		t.Run(c.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{` + c.cond + `}}}`
			p := mustParse(t, authz.Identity, "cond", doc)
			d := authz.Evaluate(authz.Request{Principal: alice, Action: "ssm:GetParameter", Resource: "*", Context: c.ctx},
				authz.Set{Identity: []*authz.Policy{p}})
			if d.Allowed != c.want {
				t.Errorf("Allowed = %v, want %v (%+v)", d.Allowed, c.want, d)
			}
		})
	}
}
