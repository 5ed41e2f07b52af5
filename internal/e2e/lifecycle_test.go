package e2e_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// TestLifecycle_FirstStartInitialisesOnce: the first start of a persistent
// store creates root.key (0600) and prints a root access key once; a second
// server on the running store is refused; the next start prints nothing,
// keeps the key file and the access key, and serves the data written before.
func TestLifecycle_FirstStartInitialisesOnce(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	args := []string{"server", "--data-dir", data, "--listen", "127.0.0.1:0"}
	p := startArca(t, nil, args...)
	ak, sk := p.rootAccessKey()
	for name, want := range map[string]os.FileMode{"root.key": 0o600, "arca.db": 0o600, ".": 0o700} {
		if fi, err := os.Stat(filepath.Join(data, name)); err != nil {
			t.Error(err)
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	key, err := os.ReadFile(filepath.Join(data, "root.key"))
	if err != nil || len(key) != 32 {
		t.Errorf("root.key: %d bytes (%v), want 32", len(key), err)
	}
	_, err = p.ssm("us-east-1", "test", "test").GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/x")})
	expectAPIError(t, err, "UnrecognizedClientException") // dev credentials only in dev mode
	putParam(t, p.ssm("us-east-1", ak, sk), "/life/secret", "kept across restarts")
	if code, _, stderr := runArca(t, args...); code == 0 || !strings.Contains(stderr, "locked") {
		t.Errorf("second server on the same store: exit %d, stderr %q; want a lock error", code, stderr)
	}
	p.stop()

	p = startArca(t, nil, args...)
	if out := p.out.String(); strings.Contains(out, "AWS_SECRET_ACCESS_KEY") || strings.Contains(out, "Root access key") {
		t.Errorf("second start printed a root access key:\n%s", out)
	}
	if again, _ := os.ReadFile(filepath.Join(data, "root.key")); !bytes.Equal(again, key) {
		t.Error("root.key changed on the second start")
	}
	wantParam(t, p.ssm("us-east-1", ak, sk), "/life/secret", "kept across restarts")
	p.stop()
}

// TestLifecycle_RefusesOtherRootKey: a store refuses to start with a root
// key that did not initialise it, says why, prints no new access key, and
// still starts with its own key afterwards.
func TestLifecycle_RefusesOtherRootKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	args := []string{"server", "--data-dir", data, "--listen", "127.0.0.1:0"}
	p := startArca(t, nil, args...)
	ak, sk := p.rootAccessKey()
	putParam(t, p.ssm("us-east-1", ak, sk), "/life/kept", "v1")
	p.stop()
	keyFile := filepath.Join(data, "root.key")
	key, err := os.ReadFile(keyFile)
	noErr(t, err)
	flipped := bytes.Clone(key)
	flipped[7] ^= 0x20
	cases := []struct {
		name, wants string
		file        func() string // the --root-key-file, "" for the default
	}{
		{"new_file", "is missing, but this store was initialised", func() string { return filepath.Join(dir, "new.key") }},
		{"flipped_bit", "cannot decrypt this store", func() string { return writeFile(t, dir, "flipped.key", flipped) }},
		{"truncated", "is 16 bytes, want 32", func() string { return writeFile(t, dir, "short.key", key[:16]) }},
		{"default_key_lost", "is missing, but this store was initialised", func() string { noErr(t, os.Remove(keyFile)); return "" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := args
			if f := tc.file(); f != "" {
				a = append(a[:len(a):len(a)], "--root-key-file", f)
			}
			code, stdout, stderr := runArca(t, a...)
			if code == 0 || !strings.Contains(stderr, tc.wants) {
				t.Errorf("exit %d, stderr %q; want non-zero and %q", code, stderr, tc.wants)
			}
			if strings.Contains(stdout, "AWS_SECRET_ACCESS_KEY") || strings.Contains(stdout, "listening") {
				t.Errorf("refused start printed:\n%s", stdout)
			}
			if tc.name == "new_file" {
				if _, err := os.Stat(filepath.Join(dir, "new.key")); err == nil {
					t.Error("a refused start created a new root key file")
				}
			}
		})
	}
	writeFile(t, data, "root.key", key) // the original key is back
	p = startArca(t, nil, args...)
	wantParam(t, p.ssm("us-east-1", ak, sk), "/life/kept", "v1")
	p.stop()
}

// TestLifecycle_ListenPolicy: plaintext beyond loopback needs
// --insecure-listen.
func TestLifecycle_ListenPolicy(t *testing.T) {
	t.Parallel()
	code, _, stderr := runArca(t, "server", "--dev", "--listen", "0.0.0.0:0")
	if code == 0 || !strings.Contains(stderr, "refusing to listen on 0.0.0.0:0 without TLS") {
		t.Errorf("0.0.0.0 without TLS: exit %d, stderr %q", code, stderr)
	}
	p := startArca(t, nil, "server", "--dev", "--listen", "0.0.0.0:0", "--insecure-listen")
	putParam(t, p.ssm("us-east-1", "test", "test"), "/life/open", "v") // reached on 127.0.0.1
	p.stop()
}

// TestLifecycle_TLS: with a certificate the server speaks HTTPS only.
func TestLifecycle_TLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, pool := selfSignedCert(t)
	hc := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	p := startArca(t, hc, "server", "--dev", "--listen", "127.0.0.1:0", "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(p.url, "https://") {
		t.Fatalf("url %s, want https", p.url)
	}
	c := p.ssm("us-east-1", "test", "test")
	putParam(t, c, "/life/tls", "over https")
	wantParam(t, c, "/life/tls", "over https")
	if code, body := (&proc{url: "http://" + p.addr, hc: http.DefaultClient}).get("/health"); code == http.StatusOK {
		t.Errorf("plain HTTP to the TLS listener: %d %s", code, body)
	}
	if code, body := (&proc{url: p.url, hc: http.DefaultClient}).get("/health"); code != 0 || !strings.Contains(body, "certificate") {
		t.Errorf("client without the CA: %d %s, want a certificate error", code, body)
	}
	p.stop()
}

// TestLifecycle_DevReadyQuickly: a dev server answers /health soon after
// exec, and /ready says ready. Not parallel, so the timing is its own.
func TestLifecycle_DevReadyQuickly(t *testing.T) {
	p := startArca(t, nil, "server", "--dev", "--listen", "127.0.0.1:0")
	t.Logf("dev server: exec to /health 200 in %s", p.ready)
	if p.ready > 2*time.Second {
		t.Errorf("dev server took %s to answer /health, want < 2s", p.ready)
	}
	if code, body := p.get("/health"); code != http.StatusOK || strings.TrimSpace(body) != `{"status":"ok"}` {
		t.Errorf("/health: %d %s", code, body)
	}
	code, body := p.get("/ready")
	var ready struct{ Status, Store, Keys string }
	if err := json.Unmarshal([]byte(body), &ready); code != http.StatusOK || err != nil || ready.Status != "ready" || ready.Store != "ok" || ready.Keys != "ok" {
		t.Errorf("/ready: %d %s (%v)", code, body, err)
	}
	p.stop()
}

// TestLifecycle_AccountAndRegion: --account-id is in every ARN, the region
// of an ARN is the one the request was signed for, and each region is its
// own namespace. (--region, the default for requests without one, cannot be
// observed through SigV4, which always names a region.)
func TestLifecycle_AccountAndRegion(t *testing.T) {
	t.Parallel()
	p := startArca(t, nil, "server", "--dev", "--listen", "127.0.0.1:0", "--account-id", "123456789012", "--region", "eu-west-3")
	ctx := context.Background()
	west, east := p.ssm("us-west-2", "test", "test"), p.ssm("us-east-1", "test", "test")
	putParam(t, west, "/life/region", "west")
	got, err := west.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/life/region")})
	if err != nil {
		t.Fatal(err)
	}
	if arn := aws.ToString(got.Parameter.ARN); arn != "arn:aws:ssm:us-west-2:123456789012:parameter/life/region" {
		t.Errorf("ARN %s", arn)
	}
	_, err = east.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/life/region")})
	expectAPIError(t, err, "ParameterNotFound")
	putParam(t, east, "/life/region", "east") // a new parameter, version 1
	wantParam(t, west, "/life/region", "west")
	p.stop()
}

func putParam(t *testing.T, c *ssm.Client, name, value string) {
	t.Helper()
	_, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: types.ParameterTypeSecureString})
	if err != nil {
		t.Fatalf("put %s: %v", name, err)
	}
}

func wantParam(t *testing.T, c *ssm.Client, name, want string) {
	t.Helper()
	out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	if err != nil {
		t.Errorf("get %s: %v", name, err)
	} else if got := aws.ToString(out.Parameter.Value); got != want {
		t.Errorf("get %s = %q, want %q", name, got, want)
	}
}

func expectAPIError(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Errorf("error %v, want %s", err, code)
	}
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	noErr(t, os.WriteFile(path, b, 0o600))
	return path
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestLifecycle_SIGTERMFinishesInFlight: SIGTERM closes the listener but
// lets a request that has started finish; the process then exits 0 with
// its store closed, and the write is there after a restart.
func TestLifecycle_SIGTERMFinishesInFlight(t *testing.T) {
	t.Parallel()
	args := []string{"server", "--dev", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0"}
	p := startArca(t, nil, args...)
	blocked, release := make(chan struct{}), make(chan struct{})
	c := (&proc{url: p.url, hc: gatedClient{blocked, release}}).ssm("us-east-1", "test", "test")
	done := make(chan error, 1)
	go func() {
		_, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{
			Name: aws.String("/life/inflight"), Value: aws.String("finished after SIGTERM"), Type: types.ParameterTypeString,
		})
		done <- err
	}()
	select {
	case <-blocked: // the headers are sent, the body is held back
	case err := <-done:
		t.Fatalf("put finished before the gate: %v", err)
	}
	time.Sleep(50 * time.Millisecond)
	noErr(t, p.cmd.Process.Signal(syscall.SIGTERM))
	for deadline := time.Now().Add(10 * time.Second); !refused(p.addr); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("listener still open 10s after SIGTERM")
		}
	}
	time.Sleep(100 * time.Millisecond)
	if p.exited() {
		t.Fatalf("exited (code %d) with a request in flight", p.exitCode())
	}
	close(release)
	select {
	case err := <-done:
		noErr(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("in-flight put did not finish")
	}
	p.stop() // already signalled: wants exit 0
	p = startArca(t, nil, args...)
	wantParam(t, p.ssm("us-east-1", "test", "test"), "/life/inflight", "finished after SIGTERM")
	p.stop()
}

// gatedClient sends a request's headers and first 8 bytes of body, then
// closes blocked and holds the rest back until release is closed.
type gatedClient struct{ blocked, release chan struct{} }

func (g gatedClient) Do(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil || len(b) < 8 {
		return nil, fmt.Errorf("gated body %q: %v", b, err)
	}
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b[:8]), g, bytes.NewReader(b[8:])))
	return (&http.Client{Transport: &http.Transport{}}).Do(r)
}

// Read is the gate: the first read blocks until release, then ends.
func (g gatedClient) Read([]byte) (int, error) {
	close(g.blocked)
	<-g.release
	return 0, io.EOF
}
