package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// window is what the measured windows of one server added up to.
type window struct {
	tally
	elapsed   time.Duration
	serverCPU time.Duration // the server's utime+stime
	clientCPU time.Duration // this process's
	otherCPU  time.Duration // every other process's: noise
}

// measureAll warms each target up with n connections, then measures them
// in rc.rounds interleaved rounds (arca, baseline, arca, ...) of
// rc.duration/rc.rounds each, so that other load on the machine falls on
// both alike. It returns one Result per target.
func measureAll(ctx context.Context, rc runConfig, targets []target, w *workload, n int, creds aws.Credentials, region string) ([]Result, error) {
	clients := make([]*client, len(targets))
	for i, t := range targets {
		clients[i] = newClient(t.url, n, creds, region)
		defer clients[i].http.CloseIdleConnections()
	}
	for _, c := range clients {
		c.load(ctx, w, n, time.Now().Add(rc.warmup), rc.limit, false)
	}
	// The profile spans every round; arca is idle during the baseline's.
	profs := make(chan error, len(targets))
	nprof := 0
	for _, t := range targets {
		if t.pprof != "" {
			nprof++
			file := filepath.Join(rc.profileDir, fmt.Sprintf("%s-%s-%d.pprof", t.name, w.kind, n))
			span := rc.duration * time.Duration(len(targets))
			go func() { profs <- fetchProfile(ctx, t.pprof, span, file) }()
		}
	}
	sums := make([]window, len(targets))
	per := rc.duration / time.Duration(rc.rounds)
	limit := max(rc.limit/int64(rc.rounds), 1)
	for range rc.rounds {
		for i, t := range targets {
			win, err := measureOnce(ctx, t, clients[i], w, n, per, limit)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", t.name, err)
			}
			s := &sums[i]
			s.latencies = append(s.latencies, win.latencies...)
			s.requests += win.requests
			s.errors += win.errors
			if s.firstErr == nil {
				s.firstErr = win.firstErr
			}
			s.elapsed += win.elapsed
			s.serverCPU += win.serverCPU
			s.clientCPU += win.clientCPU
			s.otherCPU += win.otherCPU
		}
	}
	for range nprof {
		if err := <-profs; err != nil {
			return nil, fmt.Errorf("profile: %w", err)
		}
	}
	rs := make([]Result, len(targets))
	for i, t := range targets {
		rs[i] = newResult(rc.label, w.kind, t, n, sums[i])
	}
	return rs, ctx.Err()
}

// measureOnce runs one measured window of d against t, reading t's CPU
// time, this process's and the machine's at both ends of it.
func measureOnce(ctx context.Context, t target, c *client, w *workload, n int, d time.Duration, limit int64) (window, error) {
	all0, err0 := machineBusy()
	cpu0, err1 := cpuOf(t.pid)
	self0, err2 := processCPU(os.Getpid())
	start := time.Now()
	tl := c.load(ctx, w, n, start.Add(d), limit, true)
	elapsed := time.Since(start)
	self1, err3 := processCPU(os.Getpid())
	cpu1, err4 := cpuOf(t.pid)
	all1, err5 := machineBusy()
	if err := errors.Join(err0, err1, err2, err3, err4, err5, ctx.Err()); err != nil {
		return window{}, err
	}
	win := window{tally: tl, elapsed: elapsed, serverCPU: cpu1 - cpu0, clientCPU: self1 - self0}
	win.otherCPU = max(all1-all0-win.serverCPU-win.clientCPU, 0)
	return win, nil
}

// cpuOf is processCPU, or zero when pid is 0 (not measured).
func cpuOf(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, nil
	}
	return processCPU(pid)
}

// fetchProfile saves a CPU profile of d taken from base/debug/pprof/profile.
func fetchProfile(ctx context.Context, base string, d time.Duration, file string) error {
	secs := max(int(d/time.Second), 1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/debug/pprof/profile?seconds="+strconv.Itoa(secs), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", req.URL, resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}
