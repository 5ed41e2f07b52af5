package e2e_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// The arca binary, built once per test run by arcaBinary.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// arcaBinary builds cmd/arca into a temporary directory the first time it
// is called and returns the binary's path. Tests that run the binary are
// skipped with -short.
func arcaBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the arca binary; skipped with -short")
	}
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "arca-e2e-"); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "arca")
		// go test puts its own toolchain first on PATH.
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/arca-vault/arca/cmd/arca").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build ./cmd/arca: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is one arca process started by startArca.
type proc struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string         // scheme://127.0.0.1:port
	addr   string         // 127.0.0.1:port
	hc     aws.HTTPClient // talks to url (trusts the test CA for TLS)
	out    *watchBuffer   // stdout
	errOut *watchBuffer   // stderr
	done   chan struct{}  // closed when the process has exited
	ready  time.Duration  // from exec to the first /health 200
}

// listening is the line `arca server` prints once its listener is open.
var listening = regexp.MustCompile(`listening on (https?)://(\S+)`)

// startArca runs the binary with args (which should listen on port 0) and
// waits until it answers /health. hc may be nil for plain HTTP. The process
// is killed at the end of the test if it is still running.
func startArca(t *testing.T, hc aws.HTTPClient, args ...string) *proc {
	t.Helper()
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	}
	p := &proc{t: t, hc: hc, out: &watchBuffer{}, errOut: &watchBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(arcaBinary(t), args...)
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.errOut
	began := time.Now()
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start arca: %v", err)
	}
	go func() {
		_ = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("arca %v\nstdout:\n%s\nstderr:\n%s", args, p.out, p.errOut)
		}
	})
	m := p.out.waitFor(listening, p.done, 20*time.Second)
	if m == nil {
		t.Fatalf("arca %v did not start listening (exit %d)\nstderr:\n%s", args, p.exitCode(), p.errOut)
	}
	_, port, err := net.SplitHostPort(m[2])
	if err != nil {
		t.Fatalf("listen address %q: %v", m[2], err)
	}
	p.addr = net.JoinHostPort("127.0.0.1", port)
	p.url = m[1] + "://" + p.addr
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if code, _ := p.get("/health"); code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) || p.exited() {
			t.Fatalf("arca %v: /health never answered 200", args)
		}
	}
	p.ready = time.Since(began)
	return p
}

// get fetches path and returns the status code and body (0 on a transport error).
func (p *proc) get(path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, p.url+path, nil)
	resp, err := p.hc.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// ssm returns an SSM client for region signed with ak/sk, never retrying.
func (p *proc) ssm(region, ak, sk string) *ssm.Client {
	return ssm.NewFromConfig(aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider(ak, sk, ""),
		BaseEndpoint:     aws.String(p.url),
		HTTPClient:       p.hc,
		RetryMaxAttempts: 1,
	})
}

// stop sends SIGTERM and wants the process to exit 0 within 20s.
func (p *proc) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		if code := p.exitCode(); code != 0 {
			p.t.Errorf("exit code after SIGTERM = %d, want 0\nstderr:\n%s", code, p.errOut)
		}
	case <-time.After(20 * time.Second):
		p.t.Fatal("arca did not exit within 20s of SIGTERM")
	}
}

// kill sends SIGKILL to the process (if it still runs) and reaps it.
func (p *proc) kill() {
	if !p.exited() {
		_ = p.cmd.Process.Kill()
	}
	<-p.done
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// exitCode is the exit status, -1 if killed by a signal or still running.
func (p *proc) exitCode() int {
	if !p.exited() {
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// runArca runs the binary to completion (at most 30s) and returns its exit
// code, stdout and stderr.
func runArca(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, arcaBinary(t), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); cmd.ProcessState == nil || ctx.Err() != nil {
		t.Fatalf("run arca %v: %v", args, err)
	}
	return cmd.ProcessState.ExitCode(), o.String(), e.String()
}

// rootKeyLine is how a first start prints the root access key.
var rootKeyLine = regexp.MustCompile(`AWS_ACCESS_KEY_ID=(\S+)\s+AWS_SECRET_ACCESS_KEY=(\S+)`)

// rootAccessKey parses the root access key p printed, which must be once.
func (p *proc) rootAccessKey() (ak, sk string) {
	p.t.Helper()
	m := rootKeyLine.FindAllStringSubmatch(p.out.String(), -1)
	if len(m) != 1 {
		p.t.Fatalf("printed %d root access keys, want 1:\n%s", len(m), p.out)
	}
	return m[0][1], m[0][2]
}

// watchBuffer collects a process's output and lets a test wait for a line.
type watchBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *watchBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *watchBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// waitFor returns re's submatches in the output once they appear, or nil if
// done is closed or d passes first.
func (w *watchBuffer) waitFor(re *regexp.Regexp, done <-chan struct{}, d time.Duration) []string {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		select {
		case <-done:
			return re.FindStringSubmatch(w.String())
		default:
		}
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m
		}
	}
	return nil
}

// refused reports whether addr refuses connections (the listener is closed).
func refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return errors.Is(err, syscall.ECONNREFUSED)
	}
	c.Close()
	return false
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key into a
// temporary directory and returns their paths and a pool that trusts it.
func selfSignedCert(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	noErr(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "arca e2e"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:        true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	noErr(t, err)
	cert, err := x509.ParseCertificate(der)
	noErr(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	noErr(t, err)
	dir := t.TempDir()
	certFile = writeFile(t, dir, "cert.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	keyFile = writeFile(t, dir, "key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}))
	return certFile, keyFile, pool
}
