package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/arca-vault/arca/internal/inject/awsread"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// TestInject_Reader drives awsread.Reader against the server: parameters
// by name, ARN and selector, secrets by name, partial and full ARN and
// stage, paths with paging, versions, and not-found classification.
func TestInject_Reader(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	cfg := e.awsConfig("us-east-1", "test", "test")
	sc, mc := ssm.NewFromConfig(cfg), sm.NewFromConfig(cfg)
	for i := range 25 {
		injectPutParam(t, sc, fmt.Sprintf("/app/p%02d", i), fmt.Sprintf("v%d", i), ssmtypes.ParameterTypeSecureString)
	}
	injectPutParam(t, sc, "/app/p00", "v0-2", ssmtypes.ParameterTypeSecureString)
	out, err := mc.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("app/db"), SecretString: aws.String(`{"password":"one"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mc.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String("app/db"), SecretString: aws.String(`{"password":"two"}`)}); err != nil {
		t.Fatal(err)
	}
	fullARN := aws.ToString(out.ARN)
	partialARN := fullARN[:len(fullARN)-7]
	r := awsread.New(cfg)

	res := r.Parameters(ctx, "", []string{"/app/p00", "arn:aws:ssm:us-east-1:000000000000:parameter/app/p01", "/app/p00:1", "/app/nope"})
	want := []string{"v0-2", "v1", "v0"}
	for i, w := range want {
		if res[i].Err != nil || res[i].Value != w {
			t.Errorf("parameter %d = %q, %v; want %q", i, res[i].Value, res[i].Err, w)
		}
	}
	if !errors.Is(res[3].Err, inject.ErrNotFound) {
		t.Errorf("missing parameter: %v", res[3].Err)
	}

	refs := []inject.SecretRef{{ID: "app/db"}, {ID: partialARN}, {ID: fullARN}, {ID: "app/db", Stage: "AWSPREVIOUS"}, {ID: "app/nope"}}
	sres := r.Secrets(ctx, "", refs)
	for i, w := range []string{`{"password":"two"}`, `{"password":"two"}`, `{"password":"two"}`, `{"password":"one"}`} {
		if sres[i].Err != nil || sres[i].String != w {
			t.Errorf("secret %v = %q, %v; want %q", refs[i], sres[i].String, sres[i].Err, w)
		}
	}
	if !errors.Is(sres[4].Err, inject.ErrNotFound) {
		t.Errorf("missing secret: %v", sres[4].Err)
	}

	all, err := r.ParametersByPath(ctx, "", "/app", false)
	if err != nil || len(all) != 25 {
		t.Fatalf("by path: %d parameters, %v", len(all), err)
	}
	if v, err := r.SecretVersion(ctx, inject.SecretRef{ID: "app/db"}); err != nil || v != sres[0].VersionID {
		t.Errorf("SecretVersion = %q, %v; want %q", v, err, sres[0].VersionID)
	}
	vres := r.ParameterVersions(ctx, "", []string{"/app/p00"})
	if vres[0].Err != nil || vres[0].Version != "2" || vres[0].Value != "" {
		t.Errorf("ParameterVersions = %+v", vres[0])
	}
	if _, err := r.SecretVersion(ctx, inject.SecretRef{ID: "app/nope"}); !errors.Is(err, inject.ErrNotFound) {
		t.Errorf("SecretVersion of a missing secret: %v", err)
	}
}

// deniedBatch refuses BatchGetSecretValue as a role with only
// secretsmanager:GetSecretValue would be refused, and counts calls.
type deniedBatch struct {
	awsread.SecretsAPI
	batches, gets atomic.Int64
}

func (d *deniedBatch) BatchGetSecretValue(context.Context, *sm.BatchGetSecretValueInput, ...func(*sm.Options)) (*sm.BatchGetSecretValueOutput, error) {
	d.batches.Add(1)
	return nil, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized to perform secretsmanager:BatchGetSecretValue"}
}

func (d *deniedBatch) GetSecretValue(ctx context.Context, in *sm.GetSecretValueInput, opts ...func(*sm.Options)) (*sm.GetSecretValueOutput, error) {
	d.gets.Add(1)
	return d.SecretsAPI.GetSecretValue(ctx, in, opts...)
}

// TestInject_BatchRefused: when BatchGetSecretValue is refused the reader
// reads each secret with GetSecretValue, and does not try the batch again.
func TestInject_BatchRefused(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	cfg := e.awsConfig("us-east-1", "test", "test")
	mc := sm.NewFromConfig(cfg)
	for _, n := range []string{"a", "b", "c"} {
		if _, err := mc.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String(n), SecretString: aws.String("v-" + n)}); err != nil {
			t.Fatal(err)
		}
	}
	d := &deniedBatch{SecretsAPI: mc}
	r := &awsread.Reader{SSM: ssm.NewFromConfig(cfg), SM: d}
	for round := range 2 {
		res := r.Secrets(ctx, "", []inject.SecretRef{{ID: "a"}, {ID: "b"}, {ID: "c"}})
		for i, n := range []string{"a", "b", "c"} {
			if res[i].Err != nil || res[i].String != "v-"+n {
				t.Fatalf("round %d: %s = %q, %v", round, n, res[i].String, res[i].Err)
			}
		}
	}
	if d.batches.Load() != 1 || d.gets.Load() != 6 {
		t.Errorf("%d batch calls and %d GetSecretValue calls; want 1 and 6", d.batches.Load(), d.gets.Load())
	}
}

func injectPutParam(t *testing.T, sc *ssm.Client, name, value string, typ ssmtypes.ParameterType) {
	t.Helper()
	if _, err := sc.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value),
		Type: typ, Overwrite: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
}
