package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/arca-vault/arca/internal/inject/awsread"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// exec50 is the injection benchmark's setup: an in-process server whose
// handler counts requests, holding 25 SSM parameters and 5 JSON secrets
// of 4 keys, and a vars.yaml of 50 variables: the 25 parameters (the
// namespace lookup), 20 secret keys, and 5 composed values.
type exec50 struct {
	url      string
	requests atomic.Int64
	vars     []byte
}

func startExec50(tb testing.TB) *exec50 {
	tb.Helper()
	srv, err := server.Open(context.Background(), server.Config{Dev: true})
	if err != nil {
		tb.Fatal(err)
	}
	x := &exec50{}
	h := srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		x.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(func() { hs.Close(); _ = srv.Close() })
	x.url = hs.URL
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(hs.URL), Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	sc, mc := ssm.NewFromConfig(cfg), sm.NewFromConfig(cfg)
	var b strings.Builder
	for i := range 25 {
		if _, err := sc.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(fmt.Sprintf("/bench/api/P%02d", i)),
			Value: aws.String(fmt.Sprintf("value-%02d", i)), Type: ssmtypes.ParameterTypeSecureString}); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(&b, "- name: P%02d\n  required: true\n", i)
	}
	for s := range 5 {
		if _, err := mc.CreateSecret(ctx, &sm.CreateSecretInput{Name: aws.String(fmt.Sprintf("bench/db%d", s)),
			SecretString: aws.String(`{"username":"u@x","password":"p:w/d&1","host":"h","name":"n"}`)}); err != nil {
			tb.Fatal(err)
		}
		for _, k := range []string{"username", "password", "host", "name"} {
			fmt.Fprintf(&b, "- name: DB%d_%s\n  required: true\n  sensitive: true\n  secret:\n    id: bench/db%d\n    key: %s\n", s, strings.ToUpper(k), s, k)
		}
		fmt.Fprintf(&b, "- name: DB%d_URL\n  sensitive: true\n  compose:\n    template: 'postgresql://${DB%d_USERNAME}:${DB%d_PASSWORD}@${DB%d_HOST}:${P%02d}/${DB%d_NAME}'\n    encode: [DB%d_USERNAME, DB%d_PASSWORD]\n",
			s, s, s, s, s, s, s, s)
	}
	x.vars = []byte(b.String())
	return x
}

// resolveOnce does what `arca exec` does before execve: parse the
// manifest, load the SDK configuration, resolve, build the environment.
func (x *exec50) resolveOnce(tb testing.TB) []inject.EnvVar {
	ctx := context.Background()
	vars, err := inject.ParseVars("vars.yaml", x.vars)
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(x.url)
	res, err := inject.Resolve(ctx, awsread.New(cfg), inject.Plan{Sources: []inject.Source{{Vars: vars}}, Namespace: "/bench", Service: "api"})
	if err != nil {
		tb.Fatal(err)
	}
	if err := res.Err(false); err != nil {
		tb.Fatal(err)
	}
	return res.Vars()
}

// BenchmarkInject_Exec50 measures `arca exec`'s work before the child
// starts, in process, and reports the HTTP requests it makes.
func BenchmarkInject_Exec50(b *testing.B) {
	x := startExec50(b)
	if n := len(x.resolveOnce(b)); n != 50 {
		b.Fatalf("%d variables, want 50", n)
	}
	x.requests.Store(0)
	for b.Loop() {
		x.resolveOnce(b)
	}
	b.ReportMetric(float64(x.requests.Load())/float64(b.N), "requests/op")
}

// TestInject_Exec50 checks the benchmark's request count (a handful, not
// 50) and, with the built binary, logs how long `arca exec` takes to start
// its child compared with starting the child directly.
func TestInject_Exec50(t *testing.T) {
	x := startExec50(t)
	x.requests.Store(0)
	if n := len(x.resolveOnce(t)); n != 50 {
		t.Fatalf("%d variables, want 50", n)
	}
	if n := x.requests.Load(); n > 5 {
		t.Errorf("%d requests for 50 variables, want at most 5 (3 GetParameters, 1 BatchGetSecretValue)", n)
	}
	t.Logf("in process: %d requests", x.requests.Load())

	bin := arcaBinary(t)
	dir := t.TempDir()
	vars := filepath.Join(dir, "vars.yaml")
	if err := os.WriteFile(vars, x.vars, 0o600); err != nil {
		t.Fatal(err)
	}
	trueBin, err := exec.LookPath("true")
	if err != nil {
		t.Skip("no true(1)")
	}
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "ARCA_ENDPOINT="+x.url)
	run := func(name string, args ...string) time.Duration {
		c := exec.Command(name, args...)
		c.Env = env
		began := time.Now()
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return time.Since(began)
	}
	const runs = 21
	var direct, version, withArca []time.Duration
	x.requests.Store(0)
	for range runs {
		direct = append(direct, run(trueBin))
		version = append(version, run(bin, "--version"))
		withArca = append(withArca, run(bin, "exec", "--vars", vars, "--namespace", "/bench", "--service", "api", "--", trueBin))
	}
	if n := x.requests.Load() / runs; n > 5 {
		t.Errorf("the binary made %d requests per run", n)
	}
	t.Logf("median of %d runs: true %v, arca --version %v, arca exec (50 variables) -- true %v: %v before the child starts, %d requests",
		runs, median(direct), median(version), median(withArca), median(withArca)-median(direct), x.requests.Load()/runs)
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
