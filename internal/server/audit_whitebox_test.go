package server

// White-box tests of the audit event helpers.

import (
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
)

func TestReadOnly(t *testing.T) {
	tests := []struct {
		service, op string
		want        bool
	}{
		{"ssm", "GetParameter", true}, {"ssm", "GetParametersByPath", true}, {"ssm", "PutParameter", false},
		{"secretsmanager", "BatchGetSecretValue", true}, {"secretsmanager", "ListSecrets", true}, {"secretsmanager", "RotateSecret", false},
		{"kms", "Decrypt", true}, {"kms", "GenerateDataKeyWithoutPlaintext", true}, {"kms", "ReEncrypt", true}, {"kms", "ScheduleKeyDeletion", false},
		{"iam", "SimulatePrincipalPolicy", true}, {"iam", "CreateUser", false}, {"sts", "AssumeRole", false},
		{"cloudtrail", "LookupEvents", true}, {"ssm", "Decrypt", false},
	}
	for _, tt := range tests {
		if got := readOnly(tt.service, tt.op); got != tt.want {
			t.Errorf("readOnly(%s, %s) = %v, want %v", tt.service, tt.op, got, tt.want)
		}
	}
}

func TestResourceType(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf": "AWS::SecretsManager::Secret",
		"arn:aws:ssm:us-east-1:000000000000:parameter/prod/x":            "AWS::SSM::Parameter",
		"arn:aws:kms:us-east-1:000000000000:key/1234":                    "AWS::KMS::Key",
		"arn:aws:kms:us-east-1:000000000000:alias/aws/ssm":               "AWS::KMS::Alias",
		"arn:aws:iam::000000000000:role/task":                            "AWS::IAM::Role",
		"arn:aws:iam::000000000000:user/bob":                             "AWS::IAM::User",
		"*":                                                              "",
	} {
		if got := resourceType(arn); got != want {
			t.Errorf("resourceType(%s) = %q, want %q", arn, got, want)
		}
	}
}

func TestSetCaller_AssumedRole(t *testing.T) {
	ev := &audit.Event{AWSRegion: "us-east-1"}
	setCaller(ev, &arca.Caller{Type: "AssumedRole", Account: "000000000000", Region: "eu-west-1",
		ARN: "arn:aws:sts::000000000000:assumed-role/web/s1", PrincipalID: "AROAEXAMPLE:s1", AccessKeyID: "ASIAEXAMPLE"})
	id := ev.UserIdentity
	if id.Type != "AssumedRole" || id.SessionContext == nil || id.SessionContext.SessionIssuer.ARN != "arn:aws:iam::000000000000:role/web" ||
		id.SessionContext.SessionIssuer.PrincipalID != "AROAEXAMPLE" || id.SessionContext.SessionIssuer.UserName != "web" || ev.AWSRegion != "eu-west-1" {
		t.Fatalf("identity %+v, issuer %+v", id, id.SessionContext.SessionIssuer)
	}
}
