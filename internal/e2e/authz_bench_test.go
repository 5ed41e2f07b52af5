package e2e_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// BenchmarkAuthz_GetSecretValue compares GetSecretValue as root with the
// same call by a user holding 10 managed policies of 10 statements each
// (wildcards and a condition in every statement, the allowing one last).
// The target: the user's throughput is at least 90% of root's; the
// "interleaved" sub-benchmark measures that ratio directly.
func BenchmarkAuthz_GetSecretValue(b *testing.B) {
	e := benchIAM(b)
	ctx := context.Background()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("prod/web/db"), SecretString: aws.String("pw")}))
	c := e.iam()
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("svc")}))
	for p := range 10 {
		var st []string
		for i := range 10 {
			res := fmt.Sprintf("arn:aws:secretsmanager:*:*:secret:team%d/svc%d/*", p, i)
			if p == 9 && i == 9 {
				res = "arn:aws:secretsmanager:*:*:secret:prod/web/*"
			}
			st = append(st, fmt.Sprintf(`{"Effect":"Allow","Action":["secretsmanager:Get*","secretsmanager:Describe*"],"Resource":"%s","Condition":{"StringLike":{"aws:UserAgent":"*"}}}`, res))
		}
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(st, ",") + `]}`
		pol := must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(fmt.Sprintf("p%d", p)), PolicyDocument: aws.String(doc)}))
		must(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("svc"), PolicyArn: pol.Policy.Arn}))
	}
	k := must(c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("svc")}))
	user := secretsmanager.NewFromConfig(e.creds(*k.AccessKey.AccessKeyId, *k.AccessKey.SecretAccessKey, ""))
	// interleaved alternates the two callers request by request, so that
	// both see the same load from the rest of the machine (two shared
	// cores make the sequential sub-benchmarks drift by ±20%), and reports
	// the user's throughput as a share of root's.
	b.Run("interleaved", func(b *testing.B) {
		in := &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/web/db")}
		var tRoot, tUser time.Duration
		for b.Loop() {
			t0 := time.Now()
			if _, err := root.GetSecretValue(ctx, in); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := user.GetSecretValue(ctx, in); err != nil {
				b.Fatal(err)
			}
			tRoot, tUser = tRoot+t1.Sub(t0), tUser+time.Since(t1)
		}
		b.ReportMetric(100*float64(tRoot)/float64(tUser), "%_of_root")
		b.ReportMetric(float64(tRoot.Nanoseconds())/float64(b.N), "root_ns/op")
		b.ReportMetric(float64(tUser.Nanoseconds())/float64(b.N), "user_ns/op")
	})
	for _, bc := range []struct {
		name string
		c    *secretsmanager.Client
	}{{"root", root}, {"10x10_policies", user}} {
		b.Run(bc.name, func(b *testing.B) {
			in := &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/web/db")}
			for b.Loop() {
				if _, err := bc.c.GetSecretValue(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchIAM is startIAM for a benchmark: a dev server with a fixed clock.
func benchIAM(b *testing.B) *iamEnv {
	b.Helper()
	clk := &clock{t: time.Now().UTC()}
	srv, err := server.Open(context.Background(), server.Config{Dev: true, Now: clk.now})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	b.Cleanup(func() {
		hs.Close()
		_ = srv.Close()
	})
	return &iamEnv{env: &env{srv: srv, url: hs.URL}, clk: clk}
}
