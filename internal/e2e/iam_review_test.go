package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/cli"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// TestIAM_ReviewCommand: `arca iam review` lists who can read and write
// which parameters and secrets, as the server's policy engine decides it.
func TestIAM_ReviewCommand(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	cfg := e.awsConfig("us-east-1", "test", "test")
	ic, sc, smc := iam.NewFromConfig(cfg), ssm.NewFromConfig(cfg), sm.NewFromConfig(cfg)
	for _, n := range []string{"/prod/web/DB", "/prod/worker/DB"} {
		if _, err := sc.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(n), Value: aws.String("v"), Type: ssmtypes.ParameterTypeSecureString}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := smc.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String("prod/api"), SecretString: aws.String("s")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ic.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("web")}); err != nil {
		t.Fatal(err)
	}
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*:*:parameter/prod/web/*"},
		{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","secretsmanager:PutSecretValue"],"Resource":"*"}]}`
	if _, err := ic.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("web"), PolicyName: aws.String("p"), PolicyDocument: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"ARCA_ENDPOINT": e.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"} {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	if code := cli.Main(ctx, []string{"iam", "review", "--format", "json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var rows []struct {
		Principal, Kind, Resource string
		Read, Write               bool
	}
	if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	got := map[string]string{}
	for _, r := range rows {
		if !strings.HasSuffix(r.Principal, ":user/web") {
			t.Errorf("unexpected principal %s", r.Principal)
		}
		got[r.Resource] = map[[2]bool]string{{true, false}: "read", {true, true}: "read+write", {false, true}: "write"}[[2]bool{r.Read, r.Write}]
	}
	want := map[string]string{"/prod/web/DB": "read", "prod/api": "read+write"}
	if len(got) != len(want) || got["/prod/web/DB"] != "read" || got["prod/api"] != "read+write" {
		t.Fatalf("review = %v, want %v", got, want)
	}
	out.Reset()
	if code := cli.Main(ctx, []string{"iam", "review", "--resource-prefix", "/prod/", "--all"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	table := out.String()
	if !strings.Contains(table, "PRINCIPAL") || !strings.Contains(table, "/prod/worker/DB") || strings.Contains(table, "prod/api") {
		t.Fatalf("table with --resource-prefix /prod/ --all:\n%s", table)
	}
}
