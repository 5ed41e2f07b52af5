package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// Result is one measured run: one workload against one server at one
// connection count. Durations are in nanoseconds in the JSON form.
type Result struct {
	Label         string        `json:"label"`    // the workload's display name
	Workload      string        `json:"workload"` // "get" or "put"
	Server        string        `json:"server"`   // "arca" or "baseline"
	Conns         int           `json:"conns"`
	Requests      int           `json:"requests"` // finished in the window, errors included
	Errors        int           `json:"errors"`   // transport errors and non-200 answers
	Seconds       float64       `json:"seconds"`  // the measured window
	RPS           float64       `json:"rps"`
	P50           time.Duration `json:"p50_ns"`
	P99           time.Duration `json:"p99_ns"`
	Max           time.Duration `json:"max_ns"`
	CPUPerRequest time.Duration `json:"cpu_per_request_ns"` // server utime+stime / requests; 0: not measured
	// ClientCPUPerRequest is the load generator's own CPU per request
	// (signing, HTTP client): on a small machine it shares the cores.
	ClientCPUPerRequest time.Duration `json:"client_cpu_per_request_ns"`
	// OtherCores is the CPU that every other process on the machine took
	// during the measured windows, in cores: when it is not near 0, the
	// run was disturbed.
	OtherCores float64 `json:"other_cores"`
	FirstError string  `json:"first_error,omitempty"`
}

// Targets from the benchmark issue.
const (
	minGetThroughputRatio = 0.70                  // arca/baseline GetParameter req/s
	maxGetP99Ratio        = 1.5                   // arca p99 / baseline p99
	maxGetCPUPerRequest   = 80 * time.Microsecond // arca server CPU per GetParameter
	minDurablePutRPS      = 5000                  // durable PutParameter at putTargetConns
	putTargetConns        = 32
	// minAuditRatio: reads with durable audit against the same arca with a
	// discarding sink (issue "Audit", Performance).
	minAuditRatio = 0.80
)

// discardName names the comparison server of the audit benchmark: arca
// with --audit-discard.
const discardName = "discard"

// newResult summarises the measured windows of one server.
func newResult(label, kind string, t target, conns int, w window) Result {
	r := Result{Label: label, Workload: kind, Server: t.name, Conns: conns,
		Requests: w.requests, Errors: w.errors, Seconds: w.elapsed.Seconds()}
	if w.elapsed > 0 {
		r.RPS = float64(w.requests) / w.elapsed.Seconds()
		r.OtherCores = w.otherCPU.Seconds() / w.elapsed.Seconds()
	}
	if w.requests > 0 {
		if t.pid != 0 {
			r.CPUPerRequest = w.serverCPU / time.Duration(w.requests)
		}
		r.ClientCPUPerRequest = w.clientCPU / time.Duration(w.requests)
	}
	if w.firstErr != nil {
		r.FirstError = w.firstErr.Error()
	}
	lat := w.latencies
	if len(lat) > 0 {
		slices.Sort(lat)
		r.P50 = lat[(len(lat)-1)*50/100]
		r.P99 = lat[(len(lat)*99+99)/100-1] // the ceil(0.99 n)-th smallest
		r.Max = lat[len(lat)-1]
	}
	return r
}

// reportMain prints the results file as markdown: one row per run, then
// the comparison of arca with the baseline and each target's PASS or MISS.
func reportMain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give one results file")
	}
	rs, err := readResults(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "| Workload | Conns | Server | req/s | p50 ms | p99 ms | max ms | Errors | server CPU/req µs | client CPU/req µs | other load (cores) |")
	fmt.Fprintln(stdout, "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rs {
		fmt.Fprintf(stdout, "| %s | %d | %s | %.0f | %s | %s | %s | %d | %s | %s | %.2f |\n",
			r.Label, r.Conns, r.Server, r.RPS, ms(r.P50), ms(r.P99), ms(r.Max), r.Errors, us(r.CPUPerRequest), us(r.ClientCPUPerRequest), r.OtherCores)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| Workload | Conns | arca/baseline req/s | arca p99 / baseline p99 |")
	fmt.Fprintln(stdout, "|---|--:|--:|--:|")
	for _, a := range rs {
		if b, ok := baselineOf(rs, a); ok && a.Server == "arca" && b.RPS > 0 && b.P99 > 0 {
			fmt.Fprintf(stdout, "| %s | %d | %.0f%% | %.2fx |\n", a.Label, a.Conns, 100*a.RPS/b.RPS, float64(a.P99)/float64(b.P99))
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| Workload | Conns | Target | Measured | Result |")
	fmt.Fprintln(stdout, "|---|--:|---|--:|---|")
	for _, a := range rs {
		if a.Server != "arca" {
			continue
		}
		b, ok := baselineOf(rs, a)
		for _, c := range checks(a, b, ok) {
			fmt.Fprintf(stdout, "| %s | %d | %s | %s | %s |\n", a.Label, a.Conns, c.target, c.measured, passMiss(c.pass))
		}
	}
	return nil
}

// check is one target applied to one run.
type check struct {
	target, measured string
	pass             bool
}

// checks returns the targets that apply to arca run a, given its baseline
// run b when ok.
func checks(a, b Result, ok bool) []check {
	errs := fmt.Sprint(a.Errors)
	if ok {
		errs = fmt.Sprintf("%d (baseline %d)", a.Errors, b.Errors)
	}
	cs := []check{{"0 errors", errs, a.Errors == 0 && b.Errors == 0}}
	switch {
	case ok && b.Server == discardName: // the audit benchmark: durable audit vs none
		if b.RPS > 0 {
			r := a.RPS / b.RPS
			cs = append(cs, check{fmt.Sprintf("req/s ≥ %.0f%% of the discarding sink's", 100*minAuditRatio), fmt.Sprintf("%.0f%%", 100*r), r >= minAuditRatio})
		}
	case a.Workload == "get" || a.Workload == "smget": // the same read targets for GetSecretValue

		if ok && b.RPS > 0 && b.P99 > 0 {
			r := a.RPS / b.RPS
			cs = append(cs, check{fmt.Sprintf("req/s ≥ %.0f%% of baseline", 100*minGetThroughputRatio), fmt.Sprintf("%.0f%%", 100*r), r >= minGetThroughputRatio})
			p := float64(a.P99) / float64(b.P99)
			cs = append(cs, check{fmt.Sprintf("p99 ≤ %.1fx baseline", maxGetP99Ratio), fmt.Sprintf("%.2fx", p), p <= maxGetP99Ratio})
		}
		if a.CPUPerRequest > 0 {
			cs = append(cs, check{"CPU/req ≤ " + us(maxGetCPUPerRequest) + " µs", us(a.CPUPerRequest) + " µs", a.CPUPerRequest <= maxGetCPUPerRequest})
		}
	case a.Workload == "put" || a.Workload == "smput":
		if a.Conns == putTargetConns {
			cs = append(cs, check{fmt.Sprintf("≥ %d req/s", minDurablePutRPS), fmt.Sprintf("%.0f", a.RPS), a.RPS >= minDurablePutRPS})
		}
	}
	return cs
}

// baselineOf finds the baseline run matching arca run a.
func baselineOf(rs []Result, a Result) (Result, bool) {
	for _, r := range rs {
		if (r.Server == "baseline" || r.Server == discardName) && r.Label == a.Label && r.Conns == a.Conns {
			return r, true
		}
	}
	return Result{}, false
}

// readResults reads a JSON-lines results file written by run.
func readResults(path string) ([]Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rs []Result
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rs = append(rs, r)
	}
	return rs, sc.Err()
}

func passMiss(ok bool) string {
	if ok {
		return "PASS"
	}
	return "**MISS**"
}

// ms formats d in milliseconds; us in microseconds, "—" for zero.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
func us(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Microsecond))
}
