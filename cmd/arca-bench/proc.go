package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of utime and stime in /proc/PID/stat: USER_HZ,
// which Linux fixes at 100 for every architecture's user-space ABI.
const clockTick = 10 * time.Millisecond

// processCPU returns the user plus system CPU time that process pid has used
// so far, read from /proc/PID/stat (fields 14 and 15). Its resolution is one
// clock tick, 10 ms, which is why a measured window lasts seconds.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read cpu time: %w", err)
	}
	// The command name (field 2) is in parentheses and may hold spaces;
	// the fields after its closing parenthesis are space-separated.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("read cpu time: /proc/%d/stat: no command name", pid)
	}
	f := bytes.Fields(b[i+1:])
	// f[0] is field 3 (state), so field n is f[n-3].
	if len(f) < 13 {
		return 0, fmt.Errorf("read cpu time: /proc/%d/stat: %d fields", pid, len(f)+2)
	}
	utime, err := strconv.ParseInt(string(f[11]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read cpu time: utime: %w", err)
	}
	stime, err := strconv.ParseInt(string(f[12]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read cpu time: stime: %w", err)
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// machineBusy returns the CPU time all cores have spent busy so far (every
// state of the "cpu" line of /proc/stat but idle and iowait). Less the
// servers' and the load generator's own, it is what other processes took.
func machineBusy() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, fmt.Errorf("read machine cpu time: %w", err)
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 6 || string(f[0]) != "cpu" {
		return 0, fmt.Errorf("read machine cpu time: /proc/stat: unexpected first line %q", line)
	}
	var busy int64
	for i, v := range f[1:] {
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("read machine cpu time: %w", err)
		}
		if i != 3 && i != 4 && i < 8 { // not idle, iowait; not guest (already in user)
			busy += n
		}
	}
	return time.Duration(busy) * clockTick, nil
}
