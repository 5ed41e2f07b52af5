package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync/atomic"
	"time"
)

// syncprobe measures what a durable write costs on this machine: a 12 KiB
// write into preallocated space followed by fdatasync (what the audit file
// sink does per group commit), first on an idle machine and then with
// --busy threads spinning on the CPU, as a loaded server's are. Every
// durable round of a request — the audit intent, each of bbolt's two
// syncs per commit, the audit event — waits for one such flush, so the
// figures bound what group commit can reach (docs/benchmarks.md).
func syncprobeMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("syncprobe", flag.ContinueOnError)
	dir := fs.String("dir", os.TempDir(), "directory for the probe file (on the file system under test)")
	n := fs.Int("n", 1000, "flushes per measurement")
	busy := fs.Int("busy", 3, "CPU-bound threads for the loaded measurement (0: idle only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 || *busy < 0 {
		return fmt.Errorf("--n must be positive and --busy not negative")
	}
	f, err := os.CreateTemp(*dir, "arca-syncprobe-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	const size = 12 << 10
	// Preallocate with zeros, as the audit sink does, so that a flush has
	// only data to write and no file size to journal.
	if _, err := f.WriteAt(make([]byte, *n*size), 0); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	buf := make([]byte, size)
	for i := range buf {
		buf[i] = byte(i)
	}
	fmt.Fprintf(stdout, "syncprobe: %s, %d × (%d B write + fdatasync)\n", filepath.Dir(f.Name()), *n, size)
	measure := func(label string) error {
		// One thread runs the probe, so that its CPU time is the flushes'.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		lat := make([]time.Duration, 0, *n)
		cpu0 := threadCPU()
		start := time.Now()
		for i := range *n {
			if err := ctx.Err(); err != nil {
				return err
			}
			t := time.Now()
			if _, err := f.WriteAt(buf, int64(i*size)); err != nil {
				return err
			}
			if err := datasync(f); err != nil {
				return err
			}
			lat = append(lat, time.Since(t))
		}
		wall, cpu := time.Since(start), threadCPU()-cpu0
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		fmt.Fprintf(stdout, "%-8s %7.0f flushes/s  p50 %6.1f µs  p99 %7.1f µs  probe CPU %5.1f µs/flush\n", label,
			float64(*n)/wall.Seconds(), micros(lat[len(lat)/2]), micros(lat[len(lat)*99/100]), micros(cpu)/float64(*n))
		return nil
	}
	if err := measure("idle"); err != nil {
		return err
	}
	if *busy == 0 {
		return nil
	}
	// The spinners get their own threads and Ps, so the probe competes
	// with them for the CPU (the kernel's scheduler), not for a P.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.GOMAXPROCS(0) + *busy))
	var stop atomic.Bool
	done := make(chan struct{}, *busy)
	for range *busy {
		go func() {
			runtime.LockOSThread()
			x := 0
			for !stop.Load() {
				x++
			}
			done <- struct{}{}
		}()
	}
	err = measure(fmt.Sprintf("busy %d", *busy))
	stop.Store(true)
	for range *busy {
		<-done
	}
	return err
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
