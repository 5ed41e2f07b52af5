package inject_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

func TestParseValueFrom(t *testing.T) {
	const sm = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:"
	tests := []struct {
		name      string
		valueFrom string
		kind      inject.Kind
		param     inject.ParamRef
		secret    inject.SecretSpec
	}{
		{"ssm_name", "/atrax/stage/atrax-node/controller_url", inject.KindParameter,
			inject.ParamRef{Name: "/atrax/stage/atrax-node/controller_url"}, inject.SecretSpec{}},
		{"ssm_name_no_slash", "controller_url", inject.KindParameter, inject.ParamRef{Name: "controller_url"}, inject.SecretSpec{}},
		{"ssm_arn", "arn:aws:ssm:eu-central-1:123456789012:parameter/atrax/stage/db", inject.KindParameter,
			inject.ParamRef{Region: "eu-central-1", Name: "arn:aws:ssm:eu-central-1:123456789012:parameter/atrax/stage/db"}, inject.SecretSpec{}},
		{"sm_arn_partial", sm + "amply/prod/database-url", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "amply/prod/database-url", Region: "eu-central-1"}},
		{"sm_arn_full", sm + "amply/prod/database-url-AbCdEf", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "amply/prod/database-url-AbCdEf", Region: "eu-central-1"}},
		{"json_key", sm + "amply/prod/signing:private_key::", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "amply/prod/signing", Region: "eu-central-1", JSON: true, Key: "private_key"}},
		{"stage_only", sm + "amply/prod/stripe::AWSPREVIOUS:", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "amply/prod/stripe", Region: "eu-central-1", Stage: "AWSPREVIOUS"}},
		{"key_and_stage", sm + "dev-passwords:operator:AWSCURRENT:", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "dev-passwords", Region: "eu-central-1", JSON: true, Key: "operator", Stage: "AWSCURRENT"}},
		{"version_id_only", sm + "x-AbCdEf:::1d2c3b4a", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "x-AbCdEf", Region: "eu-central-1", VersionID: "1d2c3b4a"}},
		{"all_three", sm + "x:k:AWSPENDING:v1", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "x", Region: "eu-central-1", JSON: true, Key: "k", Stage: "AWSPENDING", VersionID: "v1"}},
		{"all_empty", sm + "x:::", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: sm + "x", Region: "eu-central-1"}},
		{"other_partition", "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x:k::", inject.KindSecret, inject.ParamRef{},
			inject.SecretSpec{ID: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x", Region: "cn-north-1", JSON: true, Key: "k"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := inject.ParseValueFrom(tt.valueFrom)
			if err != nil {
				t.Fatal(err)
			}
			if v.Kind != tt.kind || v.Parameter != tt.param || v.Secret != tt.secret {
				t.Fatalf("got kind %v param %+v secret %+v", v.Kind, v.Parameter, v.Secret)
			}
		})
	}
}

func TestParseValueFrom_Errors(t *testing.T) {
	const sm = "arn:aws:secretsmanager:us-east-1:000000000000:secret:"
	tests := []struct {
		name, valueFrom string
		want            error
		text            string
	}{
		{"empty", "", nil, "valueFrom is empty"},
		{"three_fields", sm + "x:key", inject.ErrInvalidSecretARN, ""},
		{"four_fields", sm + "x:key:AWSCURRENT", inject.ErrInvalidSecretARN, ""},
		{"six_fields", sm + "x:key:AWSCURRENT:v1:extra", inject.ErrInvalidSecretARN, ""},
		{"resource_without_colon", "arn:aws:secretsmanager:us-east-1:000000000000:x", inject.ErrInvalidSecretARN, ""},
		{"not_enough_sections", "arn:aws:secretsmanager:us-east-1", nil, "arn: not enough sections"},
		{"other_service", "arn:aws:s3:::bucket/key", nil, `valueFrom ARN of service "s3"`},
		{"ssm_not_parameter", "arn:aws:ssm:us-east-1:000000000000:document/x", nil, "is not a parameter ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inject.ParseValueFrom(tt.valueFrom)
			switch {
			case err == nil:
				t.Fatal("no error")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("err = %v, want %v", err, tt.want)
			case tt.text != "" && !strings.Contains(err.Error(), tt.text):
				t.Fatalf("err = %v, want it to contain %q", err, tt.text)
			}
		})
	}
	if got := inject.ErrInvalidSecretARN.Error(); got != "an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again." {
		t.Errorf("the agent's message changed: %q", got)
	}
}

// atraxTaskDef is seed 000's atrax-api container definitions.
const atraxTaskDef = `{
  "family": "atrax-api",
  "containerDefinitions": [
    {"name": "atrax-api", "image": "x/atrax-api:latest",
     "environment": [{"name": "PORT", "value": "3000"}],
     "secrets": [
       {"name": "DATABASE_URL", "valueFrom": "arn:aws:ssm:eu-central-1:123456789012:parameter/atrax/stage/atrax-api/database_url"},
       {"name": "AUTH_SECRET", "valueFrom": "arn:aws:ssm:eu-central-1:123456789012:parameter/atrax/stage/atrax-api/auth_secret"}]},
    {"name": "atrax-node", "image": "x/atrax-node:latest", "environment": [],
     "secrets": [{"name": "CONTROLLER_URL", "valueFrom": "/atrax/stage/atrax-node/controller_url"}]}
  ]
}`

func TestParseTaskDefinition(t *testing.T) {
	vars, err := inject.ParseTaskDefinition("td.json", []byte(atraxTaskDef), "atrax-api")
	if err != nil {
		t.Fatal(err)
	}
	if len(vars) != 3 || vars[0].Name != "PORT" || vars[0].Kind != inject.KindLiteral || vars[0].Literal != "3000" || vars[0].Sensitive {
		t.Fatalf("vars = %+v", vars)
	}
	for _, v := range vars[1:] {
		if v.Kind != inject.KindParameter || !v.Required || !v.Sensitive || v.Parameter.Region != "eu-central-1" {
			t.Errorf("%s = %+v", v.Name, v)
		}
	}
	if vars[2].Origin != "td.json container atrax-api secrets[1]" {
		t.Errorf("origin = %q", vars[2].Origin)
	}

	// The same containers as a bare array, and describe-task-definition's shape.
	arr := `[{"name":"only","secrets":[{"name":"A","valueFrom":"/a"}]}]`
	if vars, err := inject.ParseTaskDefinition("a.json", []byte(arr), ""); err != nil || len(vars) != 1 {
		t.Errorf("array with one container, no --container: %v, %v", vars, err)
	}
	desc := `{"taskDefinition":{"containerDefinitions":[{"name":"c","environment":[{"name":"X","value":"1"}]}]}}`
	if vars, err := inject.ParseTaskDefinition("d.json", []byte(desc), "c"); err != nil || len(vars) != 1 {
		t.Errorf("describe-task-definition shape: %v, %v", vars, err)
	}
}

func TestParseTaskDefinition_Errors(t *testing.T) {
	tests := []struct{ name, src, container, want string }{
		{"unknown_container", atraxTaskDef, "nope", `no container definition named "nope" (there are: atrax-api, atrax-node)`},
		{"ambiguous", atraxTaskDef, "", "2 container definitions (atrax-api, atrax-node): choose one with --container"},
		{"not_json", "{", "c", "not a task definition"},
		{"no_definitions", `{"family":"x"}`, "c", "no containerDefinitions"},
		{"secret_without_valueFrom", `[{"name":"c","secrets":[{"name":"A"}]}]`, "c", "secrets[0]: a secrets entry needs name and valueFrom"},
		{"env_without_value", `[{"name":"c","environment":[{"name":"A"}]}]`, "c", "environment[0]: an environment entry needs name and value"},
		{"bad_name", `[{"name":"c","environment":[{"name":"A-B","value":"1"}]}]`, "c", `"A-B" is not a valid environment variable name`},
		{"bad_valueFrom", `[{"name":"c","secrets":[{"name":"A","valueFrom":"arn:aws:secretsmanager:us-east-1:1:secret:x:k"}]}]`, "c",
			"secrets[0] (A): an invalid ARN format for the AWS Secrets Manager secret was specified"},
		{"environment_files", `[{"name":"c","environmentFiles":[{"value":"arn:aws:s3:::b/x.env","type":"s3"}]}]`, "c", "environmentFiles (S3 objects) are not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inject.ParseTaskDefinition("td.json", []byte(tt.src), tt.container)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
