package file

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/arca-vault/arca/internal/audit"
)

// segMagic opens every segment file.
const segMagic = "ARCASEG1"

const segSuffix = ".seg"

// markEvery is the spacing of the sparse position index: a Scan from any
// position reads at most this many records before it.
const markEvery = 128

// segment is one segment file as indexed.
type segment struct {
	path        string
	first, last uint64 // positions of its first and last records; 0 when empty
	size        int64  // bytes up to the end of the last intact frame
	marks       []mark // every markEvery-th record: where it starts
	count       int    // records in it
	damage      *audit.CorruptError
	tail        bool // the damage is at the very end: perhaps a torn write
}

// mark locates one record.
type mark struct {
	seq  uint64
	time int64 // Unix ns
	off  int64
}

func segName(first uint64) string { return fmt.Sprintf("%020d%s", first, segSuffix) }

// listSegments returns the segment files of dir in position order.
func listSegments(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type named struct {
		n    uint64
		path string
	}
	var segs []named
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, segSuffix) {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(name, segSuffix), 10, 64)
		if err != nil {
			continue
		}
		segs = append(segs, named{n, filepath.Join(dir, name)})
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].n < segs[j].n })
	paths := make([]string, len(segs))
	for i, s := range segs {
		paths[i] = s.path
	}
	return paths, nil
}

// indexSegment reads a whole segment file, building its index and noting
// the first damage. checkpoints receives the position of each checkpoint.
func indexSegment(path string, checkpoints *[]uint64, after uint64) (*segment, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	s := &segment{path: path}
	if err := checkMagic(f); err != nil {
		s.size = 0
		s.damage = &audit.CorruptError{After: after, Where: filepath.Base(path) + " offset 0", Reason: err.Error()}
		s.tail = fi.Size() < int64(len(segMagic))
		return s, nil
	}
	n := 0
	end, err := readFrames(f, int64(len(segMagic)), fi.Size(), func(r *audit.Record, off int64) error {
		if s.first == 0 {
			s.first = r.Seq
		}
		if n%markEvery == 0 {
			s.marks = append(s.marks, mark{seq: r.Seq, time: r.Time.UnixNano(), off: off})
		}
		n++
		s.count = n
		s.last = r.Seq
		if r.Kind == audit.KindCheckpoint {
			*checkpoints = append(*checkpoints, r.Seq)
		}
		return nil
	})
	s.size = end
	var fe *frameError
	switch {
	case errors.As(err, &fe):
		last := s.last
		if last == 0 {
			last = after
		}
		s.damage = &audit.CorruptError{After: last, Where: fmt.Sprintf("%s offset %d", filepath.Base(path), fe.off), Reason: fe.err.Error()}
		s.tail = fe.tail
	case err != nil:
		return nil, err
	}
	return s, nil
}

func checkMagic(f *os.File) error {
	var m [len(segMagic)]byte
	if _, err := f.ReadAt(m[:], 0); err != nil {
		return errors.New("segment header missing")
	}
	if string(m[:]) != segMagic {
		return errors.New("not an arca audit segment")
	}
	return nil
}

// frameError is a frame that does not parse, at off. tail says that it
// runs to the end of the file: a frame cut short, as a crash leaves one.
type frameError struct {
	off  int64
	err  error
	tail bool
}

func (e *frameError) Error() string { return fmt.Sprintf("offset %d: %v", e.off, e.err) }

// readBuf is the read size of scans; a larger frame grows it.
const readBuf = 1 << 20

// readFrames calls fn for each frame of f between off and end, and returns
// the offset after the last intact frame. A frame that does not parse
// stops it with a *frameError; an error from fn is returned unchanged.
func readFrames(f *os.File, off, end int64, fn func(r *audit.Record, off int64) error) (int64, error) {
	// A short read (a Lookup block, a Locate) needs no large buffer.
	buf := make([]byte, min(readBuf, max(end-off, 4096)))
	var r audit.Record
	lo, hi := 0, 0 // buf[lo:hi] holds the bytes from off
	pos := off     // file offset of buf[lo]
	next := off    // file offset of buf[hi]
	for {
		if hi-lo >= 4 && binary.BigEndian.Uint32(buf[lo:]) == 0 {
			// A frame length of zero: the segment's preallocated space
			// (see Sink.Append) starts here. Clean only if nothing but
			// zeros follows.
			clean, err := zeroFrom(f, buf[lo:hi], next, end)
			if err != nil {
				return pos, err
			}
			if clean {
				return pos, nil
			}
			return pos, &frameError{off: pos, err: errors.New("data after the end of the records"), tail: true}
		}
		n, err := audit.ParseFrame(buf[lo:hi], &r)
		if err == nil {
			if err := fn(&r, pos); err != nil {
				return pos, err
			}
			lo += n
			pos += int64(n)
			continue
		}
		if !errors.Is(err, audit.ErrShortFrame) {
			// A frame written into preallocated space by a write that a
			// crash tore leaves zeros after it: a torn tail, which the
			// HEAD check tells from lost records.
			tail, zerr := endsInZeros(f, end)
			if zerr != nil {
				return pos, zerr
			}
			return pos, &frameError{off: pos, err: err, tail: tail}
		}
		if next >= end {
			if lo == hi {
				return pos, nil
			}
			return pos, &frameError{off: pos, err: err, tail: true}
		}
		// Move the partial frame to the front and read more.
		copy(buf, buf[lo:hi])
		hi -= lo
		lo = 0
		if hi == len(buf) {
			buf = append(buf, make([]byte, len(buf))...)
		}
		want := min(int64(len(buf)-hi), end-next)
		m, err := f.ReadAt(buf[hi:hi+int(want)], next)
		hi += m
		next += int64(m)
		if err != nil && !(errors.Is(err, io.EOF) && m > 0) {
			if errors.Is(err, io.EOF) {
				end = next // the file shrank under us
				continue
			}
			return pos, err
		}
	}
}

// zeroFrom reports whether buf (the bytes read so far) and the file from
// next to end hold only zero bytes.
func zeroFrom(f *os.File, buf []byte, next, end int64) (bool, error) {
	if !allZero(buf) {
		return false, nil
	}
	chunk := make([]byte, 64<<10)
	for next < end {
		n, err := f.ReadAt(chunk[:min(int64(len(chunk)), end-next)], next)
		if !allZero(chunk[:n]) {
			return false, nil
		}
		next += int64(n)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return true, nil
			}
			return false, err
		}
	}
	return true, nil
}

// endsInZeros reports whether the file's last bytes before end are zeros:
// it ends in preallocated space.
func endsInZeros(f *os.File, end int64) (bool, error) {
	var last [64]byte
	n := min(int64(len(last)), end)
	if n <= 0 {
		return false, nil
	}
	if _, err := f.ReadAt(last[:n], end-n); err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return allZero(last[:n]), nil
}

func allZero(b []byte) bool {
	return len(bytes.TrimLeft(b, "\x00")) == 0
}
