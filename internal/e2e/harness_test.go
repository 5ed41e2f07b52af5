package e2e_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// env is one in-process arca server and clients for it.
type env struct {
	t   *testing.T
	srv *server.Server
	url string
}

// start runs a dev server in-process on an httptest listener; cfg may set
// DataDir or Storage, the rest is dev mode.
func start(t *testing.T, cfg server.Config) *env {
	t.Helper()
	cfg.Dev = true
	srv, err := server.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open server: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		_ = srv.Close()
	})
	return &env{t: t, srv: srv, url: hs.URL}
}

func (e *env) awsConfig(region, ak, sk string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(ak, sk, ""),
		BaseEndpoint: aws.String(e.url),
		// The SDK retries throttles and 5xx; a test wants the first answer.
		RetryMaxAttempts: 1,
	}
}

// ssm returns an SSM client for region signed with the dev credentials.
func (e *env) ssm(region string) *ssm.Client {
	return ssm.NewFromConfig(e.awsConfig(region, "test", "test"))
}

func (e *env) kms(region string) *kms.Client {
	return kms.NewFromConfig(e.awsConfig(region, "test", "test"))
}
