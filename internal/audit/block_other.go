//go:build !unix

package audit

// mapBlock has no mapping to offer here: blocks live on the Go heap.
func mapBlock(int) []byte { return nil }

// unmapBlock is never called where mapBlock returns nil.
func unmapBlock([]byte) {}
