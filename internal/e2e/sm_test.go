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
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
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

func smCreate(t *testing.T, c *secretsmanager.Client, name, value string, opts ...func(*secretsmanager.CreateSecretInput)) *secretsmanager.CreateSecretOutput {
	t.Helper()
	in := &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)}
	for _, o := range opts {
		o(in)
	}
	out, err := c.CreateSecret(bg, in)
	wantOK(t, err)
	return out
}

func smPut(t *testing.T, c *secretsmanager.Client, id, value string, stages ...string) *secretsmanager.PutSecretValueOutput {
	t.Helper()
	out, err := c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String(id), SecretString: aws.String(value), VersionStages: stages})
	wantOK(t, err)
	return out
}

func smGet(t *testing.T, c *secretsmanager.Client, id string, opts ...func(*secretsmanager.GetSecretValueInput)) *secretsmanager.GetSecretValueOutput {
	t.Helper()
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)}
	for _, o := range opts {
		o(in)
	}
	out, err := c.GetSecretValue(bg, in)
	wantOK(t, err)
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
	wantOK(t, err)
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
	wantOK(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "secretsmanager."+op)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	wantOK(t, v4.NewSigner().SignHTTP(bg, creds, req, hex.EncodeToString(sum[:]), "secretsmanager", smRegion, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	wantOK(t, err)
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	wantOK(t, err)
	r := smReply{Status: resp.StatusCode, Body: rb}
	var eb struct {
		Type string `json:"__type"`
	}
	if json.Unmarshal(rb, &eb) == nil {
		r.Code = eb.Type
	}
	return r
}
