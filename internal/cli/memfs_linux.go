package cli

import "syscall"

// Filesystem magic numbers of statfs(2) for memory-backed filesystems.
const (
	tmpfsMagic = 0x01021994
	ramfsMagic = 0x858458f6
)

// memoryBacked reports whether dir is on tmpfs or ramfs; known is false
// when that cannot be told.
func memoryBacked(dir string) (memory, known bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return false, false
	}
	t := uint32(st.Type)
	return t == tmpfsMagic || t == ramfsMagic, true
}
