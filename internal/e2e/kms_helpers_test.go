package e2e_test

// Shared vocabulary of the KMS wire-fidelity suites (kms_*_test.go): the
// official aws-sdk-go-v2 KMS client is the judge; input the client refuses
// to send goes as a raw request signed with the SDK's own SigV4 signer.

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

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

const (
	kmsRegion  = "us-east-1"
	kmsAccount = "000000000000"
)

// kmsNewKey creates a customer key and returns its metadata.
func kmsNewKey(t *testing.T, c *kms.Client, desc string) *types.KeyMetadata {
	t.Helper()
	out, err := c.CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String(desc)})
	wantOK(t, err)
	return out.KeyMetadata
}

// kmsState returns the key state of ref.
func kmsState(t *testing.T, c *kms.Client, ref string) types.KeyState {
	t.Helper()
	out, err := c.DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String(ref)})
	wantOK(t, err)
	return out.KeyMetadata.KeyState
}

// kmsReply is the answer to a raw request.
type kmsReply struct {
	Status int
	Code   string // the body's __type
	Body   []byte
}

// kmsPost sends body as the KMS operation op, signed with the SDK's SigV4
// signer for the dev credentials.
func (e *env) kmsPost(t *testing.T, op string, body string) kmsReply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+"/", bytes.NewReader([]byte(body)))
	wantOK(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "TrentService."+op)
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	wantOK(t, v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "kms", kmsRegion, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	wantOK(t, err)
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	wantOK(t, err)
	r := kmsReply{Status: resp.StatusCode, Body: rb}
	var eb struct {
		Type string `json:"__type"`
	}
	if json.Unmarshal(rb, &eb) == nil {
		r.Code = eb.Type
	}
	return r
}

// kmsPostWant sends a raw request and fails unless it is refused with code.
func (e *env) kmsPostWant(t *testing.T, op, body, code string) kmsReply {
	t.Helper()
	r := e.kmsPost(t, op, body)
	if r.Status != http.StatusBadRequest || r.Code != code {
		t.Fatalf("%s %s: %d %s, want 400 %s", op, body, r.Status, r.Body, code)
	}
	return r
}

func jsonDecode(b []byte, v any) error { return json.Unmarshal(b, v) }
