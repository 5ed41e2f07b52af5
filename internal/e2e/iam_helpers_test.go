package e2e_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// clock is a movable clock for server.Config.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// iamEnv is a dev server whose clock the test moves, with clients that
// sign with that clock.
type iamEnv struct {
	*env
	clk *clock
}

// startIAM starts a dev server whose clock the test moves.
func startIAM(t *testing.T) (*iamEnv, *clock) {
	t.Helper()
	return startIAMWith(t, server.Config{})
}

func startIAMWith(t *testing.T, cfg server.Config) (*iamEnv, *clock) {
	t.Helper()
	c := &clock{t: time.Now().UTC()}
	cfg.Now = c.now
	return &iamEnv{env: start(t, cfg), clk: c}, c
}

// creds returns a client config with the given credentials whose requests
// are signed at the server's (moved) time.
func (e *iamEnv) creds(ak, sk, token string) aws.Config {
	cfg := e.awsConfig("us-east-1", ak, sk)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(ak, sk, token)
	cfg.APIOptions = append(cfg.APIOptions, resignAt(e.clk, cfg.Credentials))
	return cfg
}

// resignAt signs every request again, after the SDK did, with the time of
// clk: the SDK has no clock of its own to move.
func resignAt(clk *clock, creds aws.CredentialsProvider) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("ResignAtTestClock", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			req, ok := in.Request.(*smithyhttp.Request)
			if !ok || req.Header.Get("Authorization") == "" {
				return next.HandleFinalize(ctx, in)
			}
			cr, err := creds.Retrieve(ctx)
			if err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			service, region := signingScope(req.Header.Get("Authorization"))
			req.Header.Del("Authorization")
			req.Header.Del("X-Amz-Date")
			req.Header.Del("X-Amz-Security-Token")
			if err := v4.NewSigner().SignHTTP(ctx, cr, req.Request, v4.GetPayloadHash(ctx), service, region, clk.now()); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
	}
}

// signingScope reads the service and region of an Authorization header.
func signingScope(h string) (service, region string) {
	_, cred, _ := strings.Cut(h, "Credential=")
	parts := strings.Split(strings.SplitN(cred, ",", 2)[0], "/")
	if len(parts) == 5 {
		return parts[3], parts[2]
	}
	return "", ""
}

// iam returns an IAM client signed with the root credentials.
func (e *iamEnv) iam() *iam.Client { return e.iamAs("test", "test", "") }

// stsAs returns an STS client with the given credentials.
func (e *iamEnv) stsAs(ak, sk, token string) *sts.Client {
	return sts.NewFromConfig(e.creds(ak, sk, token))
}

func (e *iamEnv) iamAs(ak, sk, token string) *iam.Client {
	return iam.NewFromConfig(e.creds(ak, sk, token))
}

func (e *iamEnv) ssmAs(ak, sk, token string) *ssm.Client {
	return ssm.NewFromConfig(e.creds(ak, sk, token))
}

// must returns v, and fails the test (by a panic, which the testing
// package reports with the stack) when err is set.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// makeUser creates a user with an inline policy (if given) and an access
// key, and returns the key.
func makeUser(t *testing.T, c *iam.Client, name, policy string) (string, string) {
	t.Helper()
	ctx := context.Background()
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}))
	if policy != "" {
		must(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(name + "-policy"), PolicyDocument: aws.String(policy)}))
	}
	k := must(c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)}))
	return *k.AccessKey.AccessKeyId, *k.AccessKey.SecretAccessKey
}

const (
	acct        = "000000000000"
	trustAcct   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}`
	allowAll    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	allowAssume = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`
)

func decodeDoc(t *testing.T, s *string) string {
	t.Helper()
	d, err := url.QueryUnescape(aws.ToString(s))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
