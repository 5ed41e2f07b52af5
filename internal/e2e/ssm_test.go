package e2e_test

// Shared vocabulary of the SSM wire-fidelity suites (ssm_*_test.go): the
// official aws-sdk-go-v2 client is the judge, so every check goes through it
// or, for input the client refuses to send, through a raw request signed with
// the SDK's own SigV4 signer.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

const ssmRegion = "us-east-1"

// ssmPut creates or overwrites a parameter and returns its new version; opts
// adjust the input.
func ssmPut(t *testing.T, c *ssm.Client, name, value string, typ types.ParameterType, opts ...func(*ssm.PutParameterInput)) int64 {
	t.Helper()
	out, err := c.PutParameter(context.Background(), ssmPutInput(name, value, typ, opts...))
	wantOK(t, err)
	return out.Version
}

func ssmPutInput(name, value string, typ types.ParameterType, opts ...func(*ssm.PutParameterInput)) *ssm.PutParameterInput {
	in := &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: typ}
	for _, o := range opts {
		o(in)
	}
	return in
}

func ssmOverwrite(in *ssm.PutParameterInput) { in.Overwrite = aws.Bool(true) }

func ssmTier(tier types.ParameterTier) func(*ssm.PutParameterInput) {
	return func(in *ssm.PutParameterInput) { in.Tier = tier }
}

func ssmKey(key string) func(*ssm.PutParameterInput) {
	return func(in *ssm.PutParameterInput) { in.KeyId = aws.String(key) }
}

func ssmTags(kv ...string) func(*ssm.PutParameterInput) {
	return func(in *ssm.PutParameterInput) { in.Tags = ssmTagList(kv...) }
}

func ssmTagList(kv ...string) []types.Tag {
	var out []types.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

// ssmGet reads a parameter (with decryption) and fails the test on error.
func ssmGet(t *testing.T, c *ssm.Client, name string) *types.Parameter {
	t.Helper()
	out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	wantOK(t, err)
	return out.Parameter
}

// ssmNames returns the sorted names of ps.
func ssmNames(ps []types.Parameter) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, aws.ToString(p.Name))
	}
	sort.Strings(out)
	return out
}

func ssmSame(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ssmReply is the answer to a raw request.
type ssmReply struct {
	Status int
	Code   string // the AWS error code, from the body's __type
	Body   []byte
}

// ssmPost sends body to the server as the SSM operation target (the full
// X-Amz-Target value), signed with the SDK's SigV4 signer for ak/sk.
func (e *env) ssmPost(t *testing.T, target string, body []byte, ak, sk string) ssmReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+"/", bytes.NewReader(body))
	wantOK(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: ak, SecretAccessKey: sk}
	wantOK(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "ssm", ssmRegion, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	wantOK(t, err)
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	wantOK(t, err)
	r := ssmReply{Status: resp.StatusCode, Body: rb}
	var eb struct {
		Type string `json:"__type"`
	}
	if json.Unmarshal(rb, &eb) == nil {
		r.Code = eb.Type
		if i := strings.LastIndexByte(r.Code, '#'); i >= 0 {
			r.Code = r.Code[i+1:]
		}
	}
	return r
}

// ssmDescribeOne returns the metadata of the parameter named exactly name.
func ssmDescribeOne(t *testing.T, c *ssm.Client, name string) types.ParameterMetadata {
	t.Helper()
	out, err := c.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{
		ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Option: aws.String("Equals"), Values: []string{name}}},
	})
	wantOK(t, err)
	if len(out.Parameters) != 1 {
		t.Fatalf("describe %s: %d parameters, want 1", name, len(out.Parameters))
	}
	return out.Parameters[0]
}

// ssmSorted returns a sorted copy of s.
func ssmSorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}
