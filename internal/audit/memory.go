package audit

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// MemorySink keeps the log in memory: for --dev servers and tests. It is
// durable only as long as the process. After Close it can still be read.
//
// Records are kept as their frames in large byte blocks, indexed by
// pointer-free slices: a dev server keeps every event of its life, and a
// heap of millions of small objects with pointers would make every garbage
// collection mark them all again. Where the system allows, the blocks are
// mapped outside the Go heap (see mapBlock) and released when the sink is
// garbage collected.
type MemorySink struct {
	mu      sync.RWMutex
	blocks  [][]byte     // frames; a block is allocated full length and never resized
	fill    int          // bytes used in the last block
	spare   [][]byte     // pruned blocks no reader can reach: reused before allocating (their pages are mapped already)
	retired [][]byte     // pruned blocks a Scan that began before the prune may still read
	scans   atomic.Int64 // Scans running

	allocated int       // blocks ever allocated (tests)
	mapped    *memArena // the blocks mapped outside the heap, released by a cleanup
	index     []memEntry
	first     uint64 // Seq of index[0]
	head      Head
	closed    bool
}

// memEntry locates one record and keeps what Locate and LastCheckpoint
// search by.
type memEntry struct {
	block, off int32
	kind       Kind
	time       int64 // Unix ns
}

const memBlockSize = 1 << 20

// memArena holds the mapped blocks of one sink. Blocks of memBlockSize are
// never dropped while the sink lives (pruned ones are reused), so they are
// released only when the sink is unreachable: then no Scan runs, and
// Records are valid only during a Scan's callback.
type memArena struct{ blocks [][]byte }

func (a *memArena) release() {
	for _, b := range a.blocks {
		unmapBlock(b)
	}
}

// NewMemorySink returns an empty in-memory sink.
func NewMemorySink() *MemorySink {
	m := &MemorySink{mapped: &memArena{}}
	runtime.AddCleanup(m, (*memArena).release, m.mapped)
	return m
}

var _ Immediate = (*MemorySink)(nil)

// Immediate implements audit.Immediate: Append only copies into memory.
func (*MemorySink) Immediate() {}

// Append implements Sink.
func (m *MemorySink) Append(ctx context.Context, seal func(Head) ([]Record, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	recs, err := seal(m.head)
	if err != nil {
		return err
	}
	h := m.head
	for i := range recs {
		if h, err = h.Next(&recs[i]); err != nil {
			return err
		}
	}
	for i := range recs {
		r := &recs[i]
		size := frameHeader + bodyFixed + len(r.ID) + len(r.Payload) + frameTrailer
		last := len(m.blocks) - 1
		if last < 0 || len(m.blocks[last])-m.fill < size {
			m.blocks = append(m.blocks, m.newBlock(size))
			last, m.fill = last+1, 0
		}
		off := m.fill
		// The block has room: AppendFrame writes in place, past every byte
		// a reader may be reading, and no slice header changes.
		if _, err = AppendFrame(m.blocks[last][off:off:len(m.blocks[last])], r); err != nil {
			return err
		}
		m.fill += size
		if len(m.index) == 0 {
			m.first = r.Seq
		}
		m.index = append(m.index, memEntry{block: int32(last), off: int32(off), kind: r.Kind, time: r.Time.UnixNano()})
	}
	m.head = h
	return nil
}

// Scan implements Source.
func (m *MemorySink) Scan(ctx context.Context, from, to uint64, fn func(*Record) error) error {
	m.mu.RLock()
	// Appends never change what is already held, and a block's array is
	// never reallocated: the snapshot stays valid without the lock, and
	// Prune reuses no block while a Scan that may see it runs.
	m.scans.Add(1)
	defer m.scans.Add(-1)
	index, blocks, first := m.index, m.blocks, m.first
	m.mu.RUnlock()
	if len(index) == 0 {
		return nil
	}
	if from < first {
		from = first
	}
	last := first + uint64(len(index)) - 1
	if to == 0 || to > last {
		to = last
	}
	var r Record
	for s := from; s <= to; s++ {
		if (s-first)%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e := index[s-first]
		if _, err := ParseFrame(blocks[e.block][e.off:], &r); err != nil {
			return &CorruptError{After: s - 1, Where: "memory", Reason: err.Error()}
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return nil
}

// Head implements Source.
func (m *MemorySink) Head(ctx context.Context) (Head, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.head, nil
}

// Locate implements Source.
func (m *MemorySink) Locate(ctx context.Context, t time.Time) (uint64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ns := t.UnixNano()
	i := sort.Search(len(m.index), func(i int) bool { return m.index[i].time >= ns })
	if i == len(m.index) {
		return m.head.Seq + 1, nil
	}
	return m.first + uint64(i), nil
}

// LastCheckpoint implements Source.
func (m *MemorySink) LastCheckpoint(ctx context.Context, at uint64) (uint64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if len(m.index) == 0 || at < m.first {
		return 0, nil
	}
	for i := int(min(at-m.first, uint64(len(m.index)-1))); i >= 0; i-- {
		if m.index[i].kind == KindCheckpoint {
			return m.first + uint64(i), nil
		}
	}
	return 0, nil
}

// Prune implements Sink.
func (m *MemorySink) Prune(ctx context.Context, before uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.index) == 0 || before <= m.first {
		return nil
	}
	n := min(before-m.first, uint64(len(m.index)))
	m.index = append([]memEntry(nil), m.index[n:]...)
	m.first += n
	// Free the blocks no record kept points into.
	keep := int32(len(m.blocks) - 1)
	if len(m.index) > 0 {
		keep = m.index[0].block
	}
	if m.scans.Load() == 0 {
		// Every Scan that began before the blocks were retired has ended,
		// and a later one cannot reach them.
		m.spare, m.retired = append(m.spare, m.retired...), nil
	}
	if keep > 0 && m.blocks[keep-1] != nil {
		blocks := slices.Clone(m.blocks) // a Scan may hold the old slice
		for i := range keep {
			if len(blocks[i]) == memBlockSize {
				m.retired = append(m.retired, blocks[i])
			}
			blocks[i] = nil
		}
		m.blocks = blocks
	}
	return nil
}

// newBlock returns a block of at least size bytes: a retired one when it
// fits, so a bounded log keeps reusing the same memory.
func (m *MemorySink) newBlock(size int) []byte {
	if size <= memBlockSize && len(m.spare) > 0 {
		b := m.spare[len(m.spare)-1]
		m.spare = m.spare[:len(m.spare)-1]
		return b
	}
	m.allocated++
	if size <= memBlockSize {
		if b := mapBlock(memBlockSize); b != nil {
			m.mapped.blocks = append(m.mapped.blocks, b)
			return b
		}
	}
	return make([]byte, max(memBlockSize, size))
}

// Close implements Sink.
func (m *MemorySink) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}
