package file

import (
	"os"
	"syscall"
)

// datasync flushes f's data (and the size, which fdatasync covers) without
// the metadata that a full fsync would also write.
func datasync(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
