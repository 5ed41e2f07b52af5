package audit

// MemoryBlocks returns how many blocks m has ever allocated.
func MemoryBlocks(m *MemorySink) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.allocated
}
