//go:build !unix

package file

import "os"

// lock is a no-op where flock does not exist: one writer per directory is
// then the operator's duty.
func lock(*os.File) error { return nil }
