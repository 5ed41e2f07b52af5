//go:build !linux

package cli

// memoryBacked cannot tell a memory-backed filesystem on this system.
func memoryBacked(string) (memory, known bool) { return false, false }
