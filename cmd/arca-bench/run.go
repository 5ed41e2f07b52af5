package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// target is one server under test.
type target struct {
	name  string // "arca" or "baseline"
	url   string // http://127.0.0.1:PORT
	pid   int    // for its CPU time; 0: not measured
	pprof string // http://127.0.0.1:PORT serving /debug/pprof/, or ""
}

// runConfig is the shape of every measured run.
type runConfig struct {
	label            string
	warmup, duration time.Duration
	settle           time.Duration
	rounds           int
	limit            int64
	profileDir       string
}

// runMain parses the run flags, preloads arca for the get workload, and for
// each connection count measures arca and the baseline, interleaved, with
// the same request stream, appending one Result per server to --out.
func runMain(ctx context.Context, args []string, log io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	kind := fs.String("workload", "get", "get (GetParameter WithDecryption), put (PutParameter Overwrite), smget (GetSecretValue), smbatch (BatchGetSecretValue of 20) or smput (PutSecretValue)")
	label := fs.String("label", "", "the workload's name in the results (default: from --workload)")
	arca := target{name: "arca"}
	base := target{name: "baseline"}
	fs.StringVar(&arca.url, "arca", "", "arca's URL, http://127.0.0.1:PORT")
	fs.IntVar(&arca.pid, "arca-pid", 0, "arca's process id, for its CPU time (0: not measured)")
	fs.StringVar(&arca.pprof, "arca-pprof", "", "URL serving arca's /debug/pprof/: take a CPU profile spanning each connection count's rounds")
	fs.StringVar(&base.url, "baseline", "", "the baseline's URL, http://127.0.0.1:PORT (empty: arca only)")
	fs.IntVar(&base.pid, "baseline-pid", 0, "the baseline's process id (0: not measured)")
	fs.StringVar(&base.name, "baseline-name", "baseline", `the baseline's name in the results; "discard" marks an arca with --audit-discard, preloaded like arca and compared by the audit target`)
	connList := fs.String("conns", "32,128", "comma-separated connection counts")
	var rc runConfig
	fs.DurationVar(&rc.duration, "duration", 10*time.Second, "measured time per server and connection count")
	fs.IntVar(&rc.rounds, "rounds", 5, "interleave the servers in this many rounds of duration/rounds each")
	fs.DurationVar(&rc.warmup, "warmup", 2*time.Second, "unmeasured load on each server before each connection count")
	fs.DurationVar(&rc.settle, "settle", 0, "unmeasured load on each server before the first connection count, so that a fresh server reaches its steady state")
	fs.Int64Var(&rc.limit, "max-requests", 3_000_000, "bound on one server's requests per connection count (split across rounds)")
	fs.StringVar(&rc.profileDir, "profile-dir", ".", "where --arca-pprof profiles are written")
	names := fs.Int("names", 10_000, "parameter names the requests spread over")
	valueSize := fs.Int("value-size", 1024, "SecureString value size in bytes")
	preload := fs.Bool("preload", true, "create the workload's parameters or secrets on arca first")
	out := fs.String("out", "", "append results to this file as JSON lines (required)")
	creds := aws.Credentials{}
	fs.StringVar(&creds.AccessKeyID, "access-key", "test", "access key id")
	fs.StringVar(&creds.SecretAccessKey, "secret-key", "test", "secret access key")
	region := fs.String("region", "us-east-1", "signing region")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || arca.url == "" {
		return errors.New("--out and --arca are required")
	}
	conns, err := parseConns(*connList)
	if err != nil {
		return err
	}
	if *names < 1 || *valueSize < 1 || rc.limit < 1 || rc.duration <= 0 || rc.rounds < 1 {
		return errors.New("--names, --value-size, --max-requests, --duration and --rounds must be positive")
	}
	w, err := newWorkload(*kind, *names, *valueSize)
	if err != nil {
		return err
	}
	rc.label = cmp.Or(*label, *kind)
	targets := []target{arca}
	if base.url != "" {
		targets = append(targets, base)
	}
	for i := range targets {
		t := &targets[i]
		t.url, t.pprof = strings.TrimSuffix(t.url, "/"), strings.TrimSuffix(t.pprof, "/")
		for _, u := range []string{t.url, t.pprof} {
			if err := checkLoopback(u); err != nil {
				return err
			}
		}
		if err := waitHealthy(ctx, t.url); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	if w.preload != nil && *preload {
		loaded := targets[:1]
		if base.name == discardName {
			loaded = targets // another arca: it serves the same data
		}
		for _, t := range loaded {
			start := time.Now()
			c := newClient(t.url, 32, creds, *region)
			err := c.each(ctx, w.preload.op, w.preload.bodies, 32)
			c.http.CloseIdleConnections()
			if err != nil {
				return fmt.Errorf("preload %s: %w", t.name, err)
			}
			fmt.Fprintf(log, "preloaded %d items (%s) on %s in %s\n", len(w.preload.bodies), w.preload.op, t.name, time.Since(start).Round(time.Millisecond))
		}
	}
	f, err := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	if rc.settle > 0 {
		settle(ctx, targets, w, conns[0], rc, creds, *region)
	}
	for _, n := range conns {
		rs, err := measureAll(ctx, rc, targets, w, n, creds, *region)
		if err != nil {
			return err
		}
		for _, r := range rs {
			fmt.Fprintf(log, "%-28s %-8s conns=%-4d %9.0f req/s  p50 %s  p99 %s  max %s  errors %d  cpu/req %s  client cpu/req %s  other %.2f cores\n",
				r.Label, r.Server, r.Conns, r.RPS, ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, us(r.CPUPerRequest), us(r.ClientCPUPerRequest), r.OtherCores)
			if r.FirstError != "" {
				fmt.Fprintf(log, "  first error: %s\n", r.FirstError)
			}
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	}
	return f.Sync()
}

// waitHealthy polls u/health until it answers 200, for up to 10 seconds.
func waitHealthy(ctx context.Context, u string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"/health", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("not healthy at %s/health: %w", u, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkLoopback accepts "" and http URLs of 127.0.0.1 only.
func checkLoopback(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	if err != nil {
		return err
	}
	if p.Scheme != "http" || p.Hostname() != "127.0.0.1" || p.Port() == "" || strings.Trim(p.Path, "/") != "" {
		return fmt.Errorf("%q: give http://127.0.0.1:PORT (loopback only)", u)
	}
	return nil
}

// parseConns parses "32,128" into sorted distinct positive counts.
func parseConns(s string) ([]int, error) {
	var ns []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 4096 {
			return nil, fmt.Errorf("--conns %q: give counts from 1 to 4096, comma-separated", s)
		}
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return slices.Compact(ns), nil
}

// settle runs unmeasured load on every target for rc.settle. A fresh server
// spends its first seconds faulting in the memory it keeps for good — the
// Go heap growing to its goal, the dev audit log mapping new blocks until
// it recycles pruned ones — which is not its steady cost per request:
// measured right after start, the first connection count looked 10-15 µs
// dearer per request than on a warm server.
func settle(ctx context.Context, targets []target, w *workload, n int, rc runConfig, creds aws.Credentials, region string) {
	for _, t := range targets {
		c := newClient(t.url, n, creds, region)
		c.load(ctx, w, n, time.Now().Add(rc.settle), rc.limit, false)
		c.http.CloseIdleConnections()
	}
}
