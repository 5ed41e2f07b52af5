package e2e_test

// Shared vocabulary of the Secrets Manager wire-fidelity suites
// (sm_*_test.go): aws-sdk-go-v2's Secrets Manager client is the judge; input
// the client refuses to send goes as a raw request signed with the SDK's
// SigV4 signer.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/smithy-go"
)

const (
	smRegion     = "us-east-1"
	smRotateARN  = "arn:aws:lambda:us-east-1:000000000000:function:arca-rotate-random"
	smOtherToken = "00000000-0000-4000-8000-000000000000"
)

var bg = context.Background()

// sm returns a Secrets Manager client for region, signed with the dev
// credentials.
func (e *env) sm(region string) *secretsmanager.Client {
	return secretsmanager.NewFromConfig(e.awsConfig(region, "test", "test"))
}

// smStart runs a dev server and returns a client for us-east-1.
func smStart(t *testing.T) (*env, *secretsmanager.Client) {
	t.Helper()
	e := start(t, server.Config{})
	return e, e.sm(smRegion)
}

func smCode(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return "<not an API error: " + err.Error() + ">"
}

func smWant(t *testing.T, err error, code string) {
	t.Helper()
	if got := smCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// smWantTyped checks that the client itself recognises the error as T.
func smWantTyped[T error](t *testing.T, err error) {
	t.Helper()
	var target T
	if !errors.As(err, &target) {
		t.Fatalf("error = %v (code %q), want %T", err, smCode(err), target)
	}
}

func smOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v (code %q)", err, smCode(err))
	}
}

func smCreate(t *testing.T, c *secretsmanager.Client, name, value string, opts ...func(*secretsmanager.CreateSecretInput)) *secretsmanager.CreateSecretOutput {
	t.Helper()
	in := &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)}
	for _, o := range opts {
		o(in)
	}
	out, err := c.CreateSecret(bg, in)
	smOK(t, err)
	return out
}

func smPut(t *testing.T, c *secretsmanager.Client, id, value string, stages ...string) *secretsmanager.PutSecretValueOutput {
	t.Helper()
	out, err := c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String(id), SecretString: aws.String(value), VersionStages: stages})
	smOK(t, err)
	return out
}

func smGet(t *testing.T, c *secretsmanager.Client, id string, opts ...func(*secretsmanager.GetSecretValueInput)) *secretsmanager.GetSecretValueOutput {
	t.Helper()
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)}
	for _, o := range opts {
		o(in)
	}
	out, err := c.GetSecretValue(bg, in)
	smOK(t, err)
	return out
}

func smStage(s string) func(*secretsmanager.GetSecretValueInput) {
	return func(in *secretsmanager.GetSecretValueInput) { in.VersionStage = aws.String(s) }
}

func smVersion(v string) func(*secretsmanager.GetSecretValueInput) {
	return func(in *secretsmanager.GetSecretValueInput) { in.VersionId = aws.String(v) }
}

func smDescribe(t *testing.T, c *secretsmanager.Client, id string) *secretsmanager.DescribeSecretOutput {
	t.Helper()
	out, err := c.DescribeSecret(bg, &secretsmanager.DescribeSecretInput{SecretId: aws.String(id)})
	smOK(t, err)
	return out
}

func smTags(kv ...string) []types.Tag {
	var out []types.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

// smReply is the answer to a raw request.
type smReply struct {
	Status int
	Code   string
	Body   []byte
}

// smPost sends body as the Secrets Manager operation op, signed for region.
func (e *env) smPost(t *testing.T, op string, body string) smReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+"/", bytes.NewReader([]byte(body)))
	smOK(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "secretsmanager."+op)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	smOK(t, v4.NewSigner().SignHTTP(bg, creds, req, hex.EncodeToString(sum[:]), "secretsmanager", smRegion, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	smOK(t, err)
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	smOK(t, err)
	r := smReply{Status: resp.StatusCode, Body: rb}
	var eb struct {
		Type string `json:"__type"`
	}
	if json.Unmarshal(rb, &eb) == nil {
		r.Code = eb.Type
	}
	return r
}
