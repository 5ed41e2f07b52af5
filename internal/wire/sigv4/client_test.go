package sigv4_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// verifyServer is an httptest server that verifies every request with v and
// sends each outcome on the returned channel.
type outcome struct {
	res *sigv4.Result
	err error
}

func verifyServer(t *testing.T, v *sigv4.Verifier) (*httptest.Server, <-chan outcome) {
	t.Helper()
	out := make(chan outcome, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		res, err := v.Verify(r, body)
		out <- outcome{res, err}
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	return srv, out
}

// The SDK's own clients, end to end: AWS JSON 1.1 (SSM, KMS), the Query
// protocol (STS) and an STS presigned URL, each signed at the real time.
func TestVerify_Clients(t *testing.T) {
	v := &sigv4.Verifier{Secret: lookup}
	srv, outcomes := verifyServer(t, v)
	creds := aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: "client-token"}, nil
	})
	cfg := aws.Config{Region: "eu-north-1", Credentials: creds, BaseEndpoint: aws.String(srv.URL),
		HTTPClient: srv.Client(), Retryer: func() aws.Retryer { return aws.NopRetryer{} }}
	ctx := context.Background()
	calls := []struct {
		name, service string
		call          func() error
	}{
		{"ssm_get_parameter", "ssm", func() error {
			_, err := ssm.NewFromConfig(cfg).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/db/pass word"), WithDecryption: aws.Bool(true)})
			return err
		}},
		{"kms_encrypt", "kms", func() error {
			_, err := kms.NewFromConfig(cfg).Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/app"), Plaintext: []byte("secret")})
			return err
		}},
		{"sts_get_caller_identity", "sts", func() error {
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err // the empty JSON reply does not parse as XML; the server side is what counts
		}},
		{"sts_presigned", "sts", func() error {
			p, err := sts.NewPresignClient(sts.NewFromConfig(cfg)).PresignGetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatalf("presign: %v", err)
			}
			req, err := http.NewRequestWithContext(ctx, p.Method, p.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = p.SignedHeader.Clone()
			resp, err := srv.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			var o outcome
			select {
			case o = <-outcomes:
			case <-time.After(5 * time.Second):
				t.Fatalf("no request reached the server (client error: %v)", err)
			}
			checkErr(t, o.err, nil)
			if o.res.AccessKeyID != testKeyID || o.res.Region != "eu-north-1" || o.res.Service != c.service || o.res.SecurityToken != "client-token" {
				t.Errorf("Result = %+v", *o.res)
			}
		})
	}
}
