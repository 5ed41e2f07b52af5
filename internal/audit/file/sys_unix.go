//go:build unix

package file

import (
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on f without waiting, so that two
// processes cannot write one log.
func lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
