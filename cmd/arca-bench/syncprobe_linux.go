package main

import (
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// threadCPU is the calling thread's user and system CPU time.
func threadCPU() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// datasync is fdatasync(2), what the audit file sink and bbolt call.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
