package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

// Examples from AWS's IAM documentation (identity-based policy examples
// and the policy elements reference), evaluated as AWS describes.
const (
	// Allows everything except IAM: an Allow with a Deny carved out.
	docAllowAllButIAM = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
  ]
}`
	// Allows everything except IAM, written with NotAction.
	docNotActionAllow = `{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
}`
	// Denies all but MFA self-management unless MFA-authenticated
	// (DenyAllExceptListedIfNoMFA).
	docForceMFA = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AllowEverything", "Effect": "Allow", "Action": "*", "Resource": "*"},
    {
      "Sid": "DenyAllExceptListedIfNoMFA",
      "Effect": "Deny",
      "NotAction": [
        "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
        "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"
      ],
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}`
	// S3 home folders keyed on ${aws:username}.
	docHomeFolders = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowListingOfUserFolder",
      "Action": ["s3:ListBucket"],
      "Effect": "Allow",
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket"],
      "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "home/${aws:username}"]}}
    },
    {
      "Sid": "AllowAllS3ActionsInUserFolder",
      "Effect": "Allow",
      "Action": ["s3:*"],
      "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"]
    }
  ]
}`
	// Denies access from outside the corporate ranges, except through AWS
	// services.
	docSourceIP = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {
        "NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
        "Bool": {"aws:ViaAWSService": "false"}
      }
    }
  ]
}`
	// Allows access only within a date range.
	docDateWindow = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "ssm:GetParameter",
    "Resource": "*",
    "Condition": {
      "DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"},
      "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"}
    }
  }
}`
	// ABAC: the principal's project tag must equal the resource's.
	docABAC = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}}
  }
}`
	// Tagging on create: allowed request tags and keys only.
	docRequestTags = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": "secretsmanager:CreateSecret",
    "Resource": "*",
    "Condition": {
      "StringEquals": {"aws:RequestTag/env": ["dev", "test"]},
      "ForAllValues:StringEquals": {"aws:TagKeys": ["env", "project"]}
    }
  }
}`
	// Denies requests that do not use TLS.
	docSecureTransport = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
  ]
}`
	// Denies access outside the named regions, except global services.
	docRegions = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {
      "Sid": "DenyAllOutsideRequestedRegions",
      "Effect": "Deny",
      "NotAction": ["iam:*", "sts:*", "support:*"],
      "Resource": "*",
      "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-central-1", "eu-west-1"]}}
    }
  ]
}`
	// Users manage their own access keys (${aws:username} in a user ARN).
	docOwnKeys = `{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
    "Resource": "arn:aws:iam::*:user/${aws:username}"
  }
}`
	// Deny unless the principal's team tag is present (Null check).
	docRequireTag = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Null": {"aws:PrincipalTag/team": "true"}}}
  ]
}`
)

var (
	aliceProject = authz.Principal{ARN: alice.ARN, Account: acct, Type: authz.IAMUser, UserName: "alice", Tags: map[string]string{"project": "amply"}}
	mfa          = ctx{"aws:MultiFactorAuthPresent": {"true"}}
	noMFA        = ctx{"aws:MultiFactorAuthPresent": {"false"}}
	inApril      = ctx{"aws:CurrentTime": {"2020-04-15T12:00:00Z"}}
)

func id(docs ...string) setSpec { return setSpec{identity: docs} }

var awsDocCases = []scenario{
	{"all_but_iam_ssm", alice, "ssm:GetParameter", "*", nil, id(docAllowAllButIAM), authz.Allow, 0},
	{"all_but_iam_iam", alice, "iam:CreateUser", "*", nil, id(docAllowAllButIAM), authz.ExplicitDeny, authz.Identity},
	{"all_but_iam_iam_case", alice, "IAM:createuser", "*", nil, id(docAllowAllButIAM), authz.ExplicitDeny, authz.Identity},
	{"not_action_allow_ssm", alice, "ssm:GetParameter", "*", nil, id(docNotActionAllow), authz.Allow, 0},
	{"not_action_allow_iam", alice, "iam:CreateUser", "*", nil, id(docNotActionAllow), authz.ImplicitDeny, authz.Identity},
	{"mfa_missing_key", alice, "ssm:GetParameter", "*", nil, id(docForceMFA), authz.ExplicitDeny, authz.Identity},
	{"mfa_false", alice, "ssm:GetParameter", "*", noMFA, id(docForceMFA), authz.ExplicitDeny, authz.Identity},
	{"mfa_true", alice, "ssm:GetParameter", "*", mfa, id(docForceMFA), authz.Allow, 0},
	{"mfa_enable_device_without_mfa", alice, "iam:EnableMFADevice", "*", noMFA, id(docForceMFA), authz.Allow, 0},
	{"mfa_get_session_token_without_mfa", alice, "sts:GetSessionToken", "*", nil, id(docForceMFA), authz.Allow, 0},
	{"home_get_own_object", alice, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes.txt", nil, id(docHomeFolders), authz.Allow, 0},
	{"home_put_own_nested", alice, "s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/a/b.txt", nil, id(docHomeFolders), authz.Allow, 0},
	{"home_get_other_object", alice, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt", nil, id(docHomeFolders), authz.ImplicitDeny, authz.Identity},
	{"home_list_own_prefix", alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", ctx{"s3:prefix": {"home/alice/"}}, id(docHomeFolders), authz.Allow, 0},
	{"home_list_own_folder", alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", ctx{"s3:prefix": {"home/alice"}}, id(docHomeFolders), authz.Allow, 0},
	{"home_list_other_prefix", alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", ctx{"s3:prefix": {"home/bob/"}}, id(docHomeFolders), authz.ImplicitDeny, authz.Identity},
	{"home_list_no_prefix", alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", nil, id(docHomeFolders), authz.ImplicitDeny, authz.Identity},
	{"home_bob_own", bob, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes.txt", nil, id(docHomeFolders), authz.Allow, 0},
	{"source_ip_inside", alice, "ssm:GetParameter", "*", ctx{"aws:SourceIp": {"203.0.113.10"}, "aws:ViaAWSService": {"false"}}, id(docSourceIP), authz.Allow, 0},
	{"source_ip_outside", alice, "ssm:GetParameter", "*", ctx{"aws:SourceIp": {"198.51.100.10"}, "aws:ViaAWSService": {"false"}}, id(docSourceIP), authz.ExplicitDeny, authz.Identity},
	{"source_ip_outside_via_service", alice, "ssm:GetParameter", "*", ctx{"aws:SourceIp": {"198.51.100.10"}, "aws:ViaAWSService": {"true"}}, id(docSourceIP), authz.Allow, 0},
	{"date_window_inside", alice, "ssm:GetParameter", "*", inApril, id(docDateWindow), authz.Allow, 0},
	{"date_window_before", alice, "ssm:GetParameter", "*", ctx{"aws:CurrentTime": {"2020-03-31T23:59:59Z"}}, id(docDateWindow), authz.ImplicitDeny, authz.Identity},
	{"date_window_after", alice, "ssm:GetParameter", "*", ctx{"aws:CurrentTime": {"2020-07-01T00:00:00Z"}}, id(docDateWindow), authz.ImplicitDeny, authz.Identity},
	{"date_window_at_start", alice, "ssm:GetParameter", "*", ctx{"aws:CurrentTime": {"2020-04-01T00:00:00Z"}}, id(docDateWindow), authz.ImplicitDeny, authz.Identity},
	{"date_window_no_time", alice, "ssm:GetParameter", "*", nil, id(docDateWindow), authz.ImplicitDeny, authz.Identity},
	{"abac_match", aliceProject, getSecret, secretARN, ctx{"aws:ResourceTag/project": {"amply"}}, id(docABAC), authz.Allow, 0},
	{"abac_mismatch", aliceProject, getSecret, secretARN, ctx{"aws:ResourceTag/project": {"billing"}}, id(docABAC), authz.ImplicitDeny, authz.Identity},
	{"abac_untagged_resource", aliceProject, getSecret, secretARN, nil, id(docABAC), authz.ImplicitDeny, authz.Identity},
	{"abac_untagged_principal", bob, getSecret, secretARN, ctx{"aws:ResourceTag/project": {""}}, id(docABAC), authz.ImplicitDeny, authz.Identity},
	{"abac_tag_key_case", aliceProject, getSecret, secretARN, ctx{"aws:resourcetag/Project": {"amply"}}, id(docABAC), authz.Allow, 0},
	{"request_tags_ok", alice, "secretsmanager:CreateSecret", "*", ctx{"aws:RequestTag/env": {"dev"}, "aws:TagKeys": {"env"}}, id(docRequestTags), authz.Allow, 0},
	{"request_tags_with_project", alice, "secretsmanager:CreateSecret", "*", ctx{"aws:RequestTag/env": {"test"}, "aws:TagKeys": {"env", "project"}}, id(docRequestTags), authz.Allow, 0},
	{"request_tags_bad_env", alice, "secretsmanager:CreateSecret", "*", ctx{"aws:RequestTag/env": {"prod"}, "aws:TagKeys": {"env"}}, id(docRequestTags), authz.ImplicitDeny, authz.Identity},
	{"request_tags_extra_key", alice, "secretsmanager:CreateSecret", "*", ctx{"aws:RequestTag/env": {"dev"}, "aws:TagKeys": {"env", "owner"}}, id(docRequestTags), authz.ImplicitDeny, authz.Identity},
	{"request_tags_missing_env", alice, "secretsmanager:CreateSecret", "*", ctx{"aws:TagKeys": {"project"}}, id(docRequestTags), authz.ImplicitDeny, authz.Identity},
	{"secure_transport_tls", alice, getSecret, secretARN, ctx{"aws:SecureTransport": {"true"}}, id(docSecureTransport), authz.Allow, 0},
	{"secure_transport_plain", alice, getSecret, secretARN, ctx{"aws:SecureTransport": {"false"}}, id(docSecureTransport), authz.ExplicitDeny, authz.Identity},
	{"secure_transport_unknown", alice, getSecret, secretARN, nil, id(docSecureTransport), authz.Allow, 0},
	{"regions_allowed", alice, "ssm:GetParameter", "*", ctx{"aws:RequestedRegion": {"eu-west-1"}}, id(docRegions), authz.Allow, 0},
	{"regions_denied", alice, "ssm:GetParameter", "*", ctx{"aws:RequestedRegion": {"us-east-1"}}, id(docRegions), authz.ExplicitDeny, authz.Identity},
	{"regions_global_service", alice, "iam:ListUsers", "*", ctx{"aws:RequestedRegion": {"us-east-1"}}, id(docRegions), authz.Allow, 0},
	{"regions_missing_key_denied", alice, "ssm:GetParameter", "*", nil, id(docRegions), authz.ExplicitDeny, authz.Identity},
	{"own_keys", alice, "iam:CreateAccessKey", alice.ARN, nil, id(docOwnKeys), authz.Allow, 0},
	{"own_keys_other_user", alice, "iam:CreateAccessKey", "arn:aws:iam::111122223333:user/bob", nil, id(docOwnKeys), authz.ImplicitDeny, authz.Identity},
	{"own_keys_path_user", bob, "iam:CreateAccessKey", bob.ARN, nil, id(docOwnKeys), authz.ImplicitDeny, authz.Identity},
	{"require_tag_present", alice, "ssm:GetParameter", "*", nil, id(docRequireTag), authz.Allow, 0},
	{"require_tag_absent", bob, "ssm:GetParameter", "*", nil, id(docRequireTag), authz.ExplicitDeny, authz.Identity},
}

func TestEvaluate_AWSDocs(t *testing.T) { runScenarios(t, awsDocCases) }
