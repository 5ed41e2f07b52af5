package main

// White-box tests: package main has no external API to test through.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestParseConns(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []int
	}{
		{"two", "32,128", []int{32, 128}},
		{"sorted_distinct", "128, 32,32", []int{32, 128}},
		{"one", "1", []int{1}},
		{"zero", "0", nil},
		{"word", "many", nil},
		{"too_many", "5000", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConns(tc.in)
			if (err != nil) != (tc.want == nil) || !slices.Equal(got, tc.want) {
				t.Fatalf("parseConns(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, u := range []string{"", "http://127.0.0.1:4566", "http://127.0.0.1:4566/"} {
		if err := checkLoopback(u); err != nil {
			t.Errorf("checkLoopback(%q) = %v", u, err)
		}
	}
	for _, u := range []string{"http://localhost:4566", "http://10.0.0.1:4566", "https://127.0.0.1:4566", "http://127.0.0.1", "http://127.0.0.1:1/x"} {
		if err := checkLoopback(u); err == nil {
			t.Errorf("checkLoopback(%q) accepted", u)
		}
	}
}

func TestProcessCPU(t *testing.T) {
	deadline := time.Now().Add(50 * time.Millisecond)
	for time.Now().Before(deadline) { // spin so that some CPU time is used
	}
	if d, err := processCPU(os.Getpid()); err != nil || d <= 0 {
		t.Fatalf("processCPU(self) = %v, %v", d, err)
	}
	if d, err := machineBusy(); err != nil || d <= 0 {
		t.Fatalf("machineBusy() = %v, %v", d, err)
	}
}

func TestNewResult(t *testing.T) {
	var w window
	for i := 100; i >= 1; i-- {
		w.latencies = append(w.latencies, time.Duration(i)*time.Millisecond)
	}
	w.requests, w.elapsed, w.serverCPU = 100, 2*time.Second, 5*time.Millisecond
	r := newResult("get", "get", target{name: "arca", pid: 1}, 32, w)
	if r.P50 != 50*time.Millisecond || r.P99 != 99*time.Millisecond || r.Max != 100*time.Millisecond {
		t.Errorf("p50 %v p99 %v max %v; want 50ms 99ms 100ms", r.P50, r.P99, r.Max)
	}
	if r.RPS != 50 || r.CPUPerRequest != 50*time.Microsecond {
		t.Errorf("rps %v cpu/req %v; want 50 and 50µs", r.RPS, r.CPUPerRequest)
	}
}

func TestChecks(t *testing.T) {
	a := Result{Workload: "get", Server: "arca", Conns: 32, RPS: 800, P99: 14 * time.Millisecond, CPUPerRequest: 70 * time.Microsecond}
	b := Result{Workload: "get", Server: "baseline", Conns: 32, RPS: 1000, P99: 10 * time.Millisecond}
	for _, c := range checks(a, b, true) {
		if !c.pass {
			t.Errorf("%s: %s should pass", c.target, c.measured)
		}
	}
	put := Result{Workload: "put", Server: "arca", Conns: 32, RPS: 4999}
	cs := checks(put, Result{}, true)
	if len(cs) != 2 || cs[1].pass {
		t.Errorf("durable put at 4999 req/s: %+v; want a MISS", cs)
	}
}

// TestLoad drives the baseline handler with signed requests and checks
// that every request arrived signed and was counted.
func TestLoad(t *testing.T) {
	var signed, unsigned atomic.Int64
	h := baselineHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=test/") && r.Header.Get("X-Amz-Date") != "" {
				signed.Add(1)
			} else {
				unsigned.Add(1)
			}
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	w, err := newWorkload("get", 10, 16)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(srv.URL, 4, aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, "us-east-1")
	defer c.http.CloseIdleConnections()
	tl := c.load(context.Background(), w, 4, time.Now().Add(10*time.Second), 50, true) // stops at the bound
	if tl.errors != 0 || tl.requests != 50 || len(tl.latencies) != 50 {
		t.Fatalf("requests %d errors %d latencies %d (first error %v); want 50, 0, 50", tl.requests, tl.errors, len(tl.latencies), tl.firstErr)
	}
	if signed.Load() != 50 || unsigned.Load() != 0 {
		t.Fatalf("signed %d unsigned %d; want 50 and 0", signed.Load(), unsigned.Load())
	}
}

// TestSyncprobe runs the flush probe briefly, idle and loaded, and checks
// that it reports both measurements and leaves no file behind.
func TestSyncprobe(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	if err := syncprobeMain(context.Background(), []string{"--dir", dir, "--n", "20", "--busy", "1"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"idle", "busy 1", "flushes/s", "p99"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Fatalf("probe files left behind: %v", left)
	}
	if err := syncprobeMain(context.Background(), []string{"--n", "0"}, &out); err == nil {
		t.Fatal("--n 0 accepted")
	}
}
