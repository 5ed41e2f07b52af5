package main_test

import (
	"context"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the custom commands of the CLI scripts that need a
// running server:
//
//	arcaserver                    start an in-process dev server; sets ARCA_ENDPOINT
//	                              and the dev credentials (test/test, us-east-1)
//	ssmput NAME TYPE VALUE        PutParameter (overwrite)
//	smcreate NAME VALUE [VAR]     CreateSecret; VAR receives its ARN
//	smput NAME VALUE              PutSecretValue (a new AWSCURRENT)
//	waitfile FILE REGEXP [SECS]   wait until FILE's content matches (default 10 s)
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"arcaserver": cmdArcaServer,
		"ssmput":     cmdSSMPut,
		"smcreate":   cmdSMCreate,
		"smput":      cmdSMPut,
		"waitfile":   cmdWaitFile,
	}
}

func cmdArcaServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: arcaserver")
	}
	srv, err := server.Open(context.Background(), server.Config{Dev: true})
	ts.Check(err)
	hs := httptest.NewServer(srv.Handler())
	ts.Defer(func() { hs.Close(); _ = srv.Close() })
	for k, v := range map[string]string{
		"ARCA_ENDPOINT": hs.URL, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		ts.Setenv(k, v)
	}
}

func scriptAWS(ts *testscript.TestScript) aws.Config {
	url := ts.Getenv("ARCA_ENDPOINT")
	if url == "" {
		ts.Fatalf("run arcaserver first")
	}
	return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
}

func cmdSSMPut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: ssmput NAME TYPE VALUE")
	}
	_, err := ssm.NewFromConfig(scriptAWS(ts)).PutParameter(context.Background(), &ssm.PutParameterInput{
		Name: aws.String(args[0]), Type: ssmtypes.ParameterType(args[1]), Value: aws.String(args[2]), Overwrite: aws.Bool(true)})
	ts.Check(err)
}

func cmdSMCreate(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: smcreate NAME VALUE [VAR]")
	}
	out, err := sm.NewFromConfig(scriptAWS(ts)).CreateSecret(context.Background(), &sm.CreateSecretInput{
		Name: aws.String(args[0]), SecretString: aws.String(args[1])})
	ts.Check(err)
	if len(args) == 3 {
		ts.Setenv(args[2], aws.ToString(out.ARN))
	}
}

func cmdSMPut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: smput NAME VALUE")
	}
	_, err := sm.NewFromConfig(scriptAWS(ts)).PutSecretValue(context.Background(), &sm.PutSecretValueInput{
		SecretId: aws.String(args[0]), SecretString: aws.String(args[1])})
	ts.Check(err)
}

func cmdWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: waitfile FILE REGEXP [SECONDS]")
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	secs := 10 * time.Second
	if len(args) == 3 {
		d, err := time.ParseDuration(args[2] + "s")
		ts.Check(err)
		secs = d
	}
	deadline := time.Now().Add(secs)
	for {
		data, _ := os.ReadFile(ts.MkAbs(args[0]))
		if re.Match(data) {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("%s does not match %q after %v; it holds:\n%s", args[0], args[1], secs, strings.TrimSpace(string(data)))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
