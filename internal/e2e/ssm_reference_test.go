package e2e_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// TestSSM_SecretsManagerReference: GetParameter(s) of
// /aws/reference/secretsmanager/NAME reads the secret, as AWS offers it.
func TestSSM_SecretsManagerReference(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	smc := sm.NewFromConfig(e.awsConfig("us-east-1", "test", "test"))
	c := e.ssm("us-east-1")
	created, err := smc.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("prod/db"), SecretString: aws.String(`{"password":"one"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := smc.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("prod/db"), SecretString: aws.String(`{"password":"two"}`)}); err != nil {
		t.Fatal(err)
	}
	ref := "/aws/reference/secretsmanager/prod/db"
	get := func(name string) (*types.Parameter, error) {
		out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
		if err != nil {
			return nil, err
		}
		return out.Parameter, nil
	}
	p, err := get(ref)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(p.Value) != `{"password":"two"}` || p.Type != types.ParameterTypeSecureString || p.Version != 0 || !strings.HasPrefix(aws.ToString(p.ARN), "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-") {
		t.Fatalf("reference = %+v", p)
	}
	var src map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(p.SourceResult)), &src); err != nil || strings.Contains(aws.ToString(p.SourceResult), "two") {
		t.Fatalf("SourceResult %q: %v", aws.ToString(p.SourceResult), err)
	}
	if p, err := get(ref + ":AWSPREVIOUS"); err != nil || aws.ToString(p.Value) != `{"password":"one"}` || aws.ToString(p.Selector) != ":AWSPREVIOUS" {
		t.Fatalf(":AWSPREVIOUS = %+v, %v", p, err)
	}
	if p, err := get(ref + ":" + aws.ToString(created.VersionId)); err != nil || aws.ToString(p.Value) != `{"password":"one"}` {
		t.Fatalf(":versionId = %+v, %v", p, err)
	}
	many, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{ref, "/aws/reference/secretsmanager/nope"}, WithDecryption: aws.Bool(true)})
	if err != nil || len(many.Parameters) != 1 || len(many.InvalidParameters) != 1 {
		t.Fatalf("GetParameters = %+v, %v", many, err)
	}
	var apiErr smithy.APIError
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(ref)})
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ValidationException" {
		t.Fatalf("without decryption: %v", err)
	}
	if _, err := get("/aws/reference/secretsmanager/nope"); !errors.As(err, new(*types.ParameterNotFound)) {
		t.Fatalf("missing secret: %v", err)
	}
}
