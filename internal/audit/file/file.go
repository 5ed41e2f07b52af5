package file

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arca-vault/arca/internal/audit"
)

// DefaultSegmentSize is the size past which a new segment starts (at the
// next checkpoint).
const DefaultSegmentSize = 64 << 20

// Options configures Open. The zero value is ready to use.
type Options struct {
	SegmentSize int64        // default DefaultSegmentSize
	Log         *slog.Logger // repairs at Open; default slog.Default()
}

// Sink is an audit.Sink in a directory. It is safe for concurrent use.
type Sink struct {
	dir      string
	opts     Options
	readOnly bool

	wmu      sync.Mutex // serialises Append and Prune
	lockFile *os.File
	headFile *os.File
	active   *os.File // the last segment, open for writing
	alloc    int64    // active's size on disk: its records and the zeros preallocated after them

	mu          sync.RWMutex // guards the fields below
	segs        []*segment
	checkpoints []uint64
	head        audit.Head // what the records end with (writer) or the HEAD file said (reader)
	closed      bool

	flushes atomic.Uint64
}

var _ audit.Sink = (*Sink)(nil)

// ErrLocked is returned by Open when another process writes the log.
var ErrLocked = errors.New("audit log is locked by another process")

// Open opens (creating it if needed) the log in dir for appending. It fails
// with ErrLocked when another process has it open, and with an error naming
// the damage when the log is damaged other than by a torn last write, or
// ends before the position its HEAD names (truncated): such a log is
// evidence, to be inspected with OpenReader and audit.Verify, not extended.
func Open(dir string, opts *Options) (*Sink, error) {
	s := &Sink{dir: dir}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.SegmentSize <= 0 {
		s.opts.SegmentSize = DefaultSegmentSize
	}
	if s.opts.Log == nil {
		s.opts.Log = slog.Default()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	lf, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	if err := lock(lf); err != nil {
		lf.Close()
		return nil, fmt.Errorf("open audit log %s: %w (%v)", dir, ErrLocked, err)
	}
	s.lockFile = lf
	if err := s.openWriter(); err != nil {
		s.closeFiles()
		return nil, fmt.Errorf("open audit log %s: %w", dir, err)
	}
	return s, nil
}

// OpenReader opens the log in dir for reading only: no lock, no repair. It
// sees the records written before it was opened. Damage is reported by
// Scan (as *audit.CorruptError) and so by audit.Verify.
func OpenReader(dir string) (*Sink, error) {
	s := &Sink{dir: dir, readOnly: true}
	// The head first: the segments then hold at least what it names.
	h, err := readHead(dir)
	if err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", dir, err)
	}
	s.head = h
	if err := s.index(); err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", dir, err)
	}
	// A frame cut short at the very end, after every record HEAD names, is
	// a write in progress (or one torn by a crash and never acknowledged),
	// not damage.
	if n := len(s.segs); n > 0 {
		if last := s.segs[n-1]; last.damage != nil && last.tail && last.last >= h.Seq && last.last > 0 {
			last.damage, last.tail = nil, false
		}
	}
	return s, nil
}

// Flushes returns the number of fdatasync calls the sink made for appends.
func (s *Sink) Flushes() uint64 { return s.flushes.Load() }

// index reads every segment.
func (s *Sink) index() error {
	paths, err := listSegments(s.dir)
	if err != nil {
		return err
	}
	var after uint64
	for _, p := range paths {
		seg, err := indexSegment(p, &s.checkpoints, after)
		if err != nil {
			return err
		}
		s.segs = append(s.segs, seg)
		if seg.last != 0 {
			after = seg.last
		}
	}
	return nil
}

// openWriter indexes the log, repairs a torn tail and opens the last
// segment for appending.
func (s *Sink) openWriter() error {
	saved, herr := readHead(s.dir)
	if err := s.index(); err != nil {
		return err
	}
	// Damage is tolerated only at the very end of the last segment.
	for i, seg := range s.segs {
		if seg.damage != nil && !(i == len(s.segs)-1 && seg.tail) {
			return fmt.Errorf("%w; inspect it with arca audit verify, and move the directory aside to start a new log", seg.damage)
		}
	}
	var last *segment
	if n := len(s.segs); n > 0 {
		last = s.segs[n-1]
	}
	h, err := s.tailHead()
	if err != nil {
		return err
	}
	switch {
	case herr != nil && len(s.segs) > 0:
		s.opts.Log.Warn("audit log: HEAD unreadable; rebuilt from the records", "dir", s.dir, "err", herr)
	case herr == nil && h.Seq < saved.Seq:
		return fmt.Errorf("the log ends at record %d but HEAD names record %d: it was truncated; inspect it with arca audit verify, and move the directory aside to start a new log", h.Seq, saved.Seq)
	}
	if last != nil && last.damage != nil {
		// A torn write: never acknowledged, since HEAD (written after the
		// fsync) does not reach past the intact records.
		s.opts.Log.Warn("audit log: cutting off a torn write at the end", "dir", s.dir, "at", last.damage.Where)
		if err := os.Truncate(last.path, last.size); err != nil {
			return err
		}
		last.damage, last.tail = nil, false
		if last.size < int64(len(segMagic)) {
			// The segment's header itself was torn: start it again.
			if err := os.Remove(last.path); err != nil {
				return err
			}
			s.segs = s.segs[:len(s.segs)-1]
			last = nil
		}
	}
	if last != nil && last.first == 0 {
		// An empty segment: reuse it only if its name fits the next record.
		if filepath.Base(last.path) != segName(h.Seq+1) {
			if err := os.Remove(last.path); err != nil {
				return err
			}
			s.segs = s.segs[:len(s.segs)-1]
			last = nil
		}
	}
	if last != nil {
		if s.active, err = os.OpenFile(last.path, os.O_RDWR, 0o600); err != nil {
			return err
		}
		fi, err := s.active.Stat()
		if err != nil {
			return err
		}
		s.alloc = fi.Size() // zeros after the records (a crash left them) are preallocated space
	}
	s.head = h
	if s.headFile, err = os.OpenFile(filepath.Join(s.dir, "HEAD"), os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return err
	}
	if _, err := s.headFile.WriteAt(encodeHead(h), 0); err != nil {
		return err
	}
	return syncDir(s.dir)
}

// tailHead reads the last intact record to rebuild the head.
func (s *Sink) tailHead() (audit.Head, error) {
	var h audit.Head
	for i := len(s.segs) - 1; i >= 0; i-- {
		seg := s.segs[i]
		if seg.last == 0 {
			continue
		}
		err := s.scanSegment(context.Background(), seg, seg.last, seg.last, func(r *audit.Record) error {
			h = audit.Head{Seq: r.Seq, Hash: r.Hash(), Time: r.Time}
			return nil
		})
		if err != nil {
			return h, err
		}
		break
	}
	if n := len(s.checkpoints); n > 0 {
		h.Checkpoint = s.checkpoints[n-1]
	}
	return h, nil
}

// headSize is the size of the HEAD file: magic, position, hash, time,
// last checkpoint, CRC-32C.
const headSize = 8 + 8 + 32 + 8 + 8 + 4

var crcTable = crc32.MakeTable(crc32.Castagnoli)

func encodeHead(h audit.Head) []byte {
	b := make([]byte, 0, headSize)
	b = append(b, "ARCAHEAD"...)
	b = binary.BigEndian.AppendUint64(b, h.Seq)
	b = append(b, h.Hash[:]...)
	var t int64
	if !h.Time.IsZero() {
		t = h.Time.UnixNano()
	}
	b = binary.BigEndian.AppendUint64(b, uint64(t))
	b = binary.BigEndian.AppendUint64(b, h.Checkpoint)
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

// readHead reads the HEAD file; a log without one is empty.
func readHead(dir string) (audit.Head, error) {
	b, err := os.ReadFile(filepath.Join(dir, "HEAD"))
	if errors.Is(err, os.ErrNotExist) {
		paths, lerr := listSegments(dir)
		if lerr != nil {
			return audit.Head{}, lerr
		}
		if len(paths) > 0 {
			return audit.Head{}, errors.New("the HEAD file is missing")
		}
		return audit.Head{}, nil
	}
	if err != nil {
		return audit.Head{}, err
	}
	if len(b) != headSize || string(b[:8]) != "ARCAHEAD" || crc32.Checksum(b[:headSize-4], crcTable) != binary.BigEndian.Uint32(b[headSize-4:]) {
		return audit.Head{}, errors.New("the HEAD file is damaged")
	}
	h := audit.Head{Seq: binary.BigEndian.Uint64(b[8:]), Hash: [32]byte(b[16:48]), Checkpoint: binary.BigEndian.Uint64(b[56:])}
	if t := int64(binary.BigEndian.Uint64(b[48:])); t != 0 {
		h.Time = time.Unix(0, t)
	}
	return h, nil
}

// Head implements audit.Source: the HEAD file's head for a reader, the
// records' for a writer (HEAD is rewritten after every append).
func (s *Sink) Head(ctx context.Context) (audit.Head, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return audit.Head{}, audit.ErrClosed
	}
	return s.head, nil
}

// Close implements audit.Sink.
func (s *Sink) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if n := len(s.segs); n > 0 && s.active != nil {
		// Leave no preallocated zeros behind (best effort).
		_ = s.active.Truncate(s.segs[n-1].size)
	}
	return s.closeFiles()
}

func (s *Sink) closeFiles() error {
	var errs []error
	for _, f := range []*os.File{s.active, s.headFile, s.lockFile} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	return errors.Join(errs...)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// snapshot returns the segments as they are now; appends replace the
// last element's value rather than changing it.
func (s *Sink) snapshot() ([]segment, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, audit.ErrClosed
	}
	out := make([]segment, len(s.segs))
	for i, seg := range s.segs {
		out[i] = *seg
	}
	return out, nil
}

// Scan implements audit.Source.
func (s *Sink) Scan(ctx context.Context, from, to uint64, fn func(*audit.Record) error) error {
	segs, err := s.snapshot()
	if err != nil {
		return err
	}
	for i := range segs {
		seg := &segs[i]
		if seg.last != 0 && seg.last < from {
			continue
		}
		if to != 0 && seg.first > to {
			return nil
		}
		if err := s.scanSegment(ctx, seg, from, to, fn); err != nil {
			return err
		}
	}
	return nil
}

// errDone ends a segment read once past to.
var errDone = errors.New("done")

func (s *Sink) scanSegment(ctx context.Context, seg *segment, from, to uint64, fn func(*audit.Record) error) error {
	off := int64(len(segMagic))
	if i := sort.Search(len(seg.marks), func(i int) bool { return seg.marks[i].seq > from }); i > 0 {
		off = seg.marks[i-1].off
	}
	if seg.size > off {
		f, err := os.Open(seg.path)
		if err != nil {
			return err
		}
		defer f.Close()
		n := 0
		_, err = readFrames(f, off, seg.size, func(r *audit.Record, _ int64) error {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if r.Seq < from {
				return nil
			}
			if to != 0 && r.Seq > to {
				return errDone
			}
			return fn(r)
		})
		var fe *frameError
		switch {
		case errors.Is(err, errDone):
			return nil
		case errors.As(err, &fe):
			// The file changed since it was indexed.
			return &audit.CorruptError{After: seg.first, Where: fmt.Sprintf("%s offset %d", filepath.Base(seg.path), fe.off), Reason: fe.err.Error()}
		case err != nil:
			return err
		}
	}
	// The damage lies after the last intact record.
	if seg.damage != nil && (to == 0 || to > seg.last) {
		return seg.damage
	}
	return nil
}

// errFound ends a search.
var errFound = errors.New("found")

// Locate implements audit.Source.
func (s *Sink) Locate(ctx context.Context, t time.Time) (uint64, error) {
	segs, err := s.snapshot()
	if err != nil {
		return 0, err
	}
	ns := t.UnixNano()
	// The last mark before t, over all segments: the answer is at most
	// markEvery records after it.
	var from uint64
	for i := range segs {
		for _, m := range segs[i].marks {
			if m.time >= ns {
				break
			}
			from = m.seq
		}
	}
	found := uint64(0)
	err = s.Scan(ctx, from, 0, func(r *audit.Record) error {
		if r.Time.UnixNano() >= ns {
			found = r.Seq
			return errFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFound) {
		return 0, err
	}
	if found == 0 {
		s.mu.RLock()
		defer s.mu.RUnlock()
		last := s.head.Seq
		for _, seg := range s.segs {
			last = max(last, seg.last)
		}
		return last + 1, nil
	}
	return found, nil
}

// LastCheckpoint implements audit.Source.
func (s *Sink) LastCheckpoint(ctx context.Context, at uint64) (uint64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	i := sort.Search(len(s.checkpoints), func(i int) bool { return s.checkpoints[i] > at })
	if i == 0 {
		return 0, nil
	}
	return s.checkpoints[i-1], nil
}
