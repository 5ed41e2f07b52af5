package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"time"
)

// Kind is the type of a record in the chain.
type Kind uint8

// The record kinds.
const (
	KindEvent      Kind = 1 // an Event, written after the request was answered or refused
	KindIntent     Kind = 2 // an Event written before a mutation is applied
	KindCheckpoint Kind = 3 // a signed statement of the chain head (Checkpoint)
	KindPrune      Kind = 4 // retention removed the records before a checkpoint (PruneMark)
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindEvent:
		return "event"
	case KindIntent:
		return "intent"
	case KindCheckpoint:
		return "checkpoint"
	case KindPrune:
		return "prune"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Frame layout (big-endian):
//
//	u32 body length
//	body: u8 kind | u64 seq | i64 time (Unix ns) | [32] prev hash | u8 id length | id | payload
//	u32 CRC-32C of length and body
//
// The record's hash is SHA-256 of the body. The CRC only tells a torn or
// damaged frame from a well-formed one when parsing; it proves nothing
// (anyone can recompute it), the chain does.
const (
	frameHeader  = 4
	frameTrailer = 4
	bodyFixed    = 1 + 8 + 8 + 32 + 1
	// MaxPayload bounds the payload of one record: an event is a few KiB
	// at most (secret values never reach it).
	MaxPayload = 1 << 20
	// MaxFrame is the largest frame AppendFrame writes and ParseFrame
	// accepts.
	MaxFrame = frameHeader + bodyFixed + 255 + MaxPayload + frameTrailer
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Record is one entry of the chain.
type Record struct {
	Seq     uint64    // position: 1 for the first record ever, contiguous
	Kind    Kind      //
	Time    time.Time // when it was appended (non-decreasing along the chain)
	Prev    [32]byte  // hash of record Seq-1 (zero for Seq 1)
	ID      string    // the EventID of an event or intent; empty otherwise
	Payload []byte    // Event JSON, Checkpoint or PruneMark JSON

	body   []byte // set by ParseFrame: the hashed bytes as read
	hash   [32]byte
	hashed bool // hash holds Hash's result: a record is hashed by the Log and again by its sink
}

// Hash returns SHA-256 of the record's body: the value the next record
// carries as Prev. It is computed once: a record's fields must not change
// after it has been hashed (ParseFrame into a reused Record starts afresh).
func (r *Record) Hash() [32]byte {
	if r.hashed {
		return r.hash
	}
	if r.body != nil {
		r.hash, r.hashed = sha256.Sum256(r.body), true
		return r.hash
	}
	// Hash the body as AppendFrame would lay it out, without building it:
	// the sink encodes the frame once, where it keeps it.
	var fixed [bodyFixed]byte
	fixed[0] = byte(r.Kind)
	binary.BigEndian.PutUint64(fixed[1:], r.Seq)
	binary.BigEndian.PutUint64(fixed[9:], uint64(r.Time.UnixNano()))
	copy(fixed[17:49], r.Prev[:])
	fixed[49] = byte(len(r.ID))
	d := sha256.New()
	d.Write(fixed[:])
	d.Write([]byte(r.ID))
	d.Write(r.Payload)
	d.Sum(r.hash[:0])
	r.hashed = true
	return r.hash
}

// AppendFrame appends the framing of r to buf.
func AppendFrame(buf []byte, r *Record) ([]byte, error) {
	if len(r.ID) > 255 {
		return buf, fmt.Errorf("audit record %d: id longer than 255 bytes", r.Seq)
	}
	if len(r.Payload) > MaxPayload {
		return buf, fmt.Errorf("audit record %d: payload of %d bytes exceeds %d", r.Seq, len(r.Payload), MaxPayload)
	}
	start := len(buf)
	n := bodyFixed + len(r.ID) + len(r.Payload)
	buf = slices.Grow(buf, frameHeader+n+frameTrailer)
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	buf = append(buf, byte(r.Kind))
	buf = binary.BigEndian.AppendUint64(buf, r.Seq)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.Time.UnixNano()))
	buf = append(buf, r.Prev[:]...)
	buf = append(buf, byte(len(r.ID)))
	buf = append(buf, r.ID...)
	buf = append(buf, r.Payload...)
	buf = binary.BigEndian.AppendUint32(buf, crc32.Checksum(buf[start:], crcTable))
	// Keep the encoded body so that Hash need not encode it again; the
	// bytes stay valid even when buf is later grown into a new array.
	r.body = buf[start+frameHeader : len(buf)-frameTrailer : len(buf)-frameTrailer]
	return buf, nil
}

// ErrShortFrame is returned by ParseFrame when b ends inside a frame: at the
// end of a file, a write that was torn by a crash.
var ErrShortFrame = errors.New("audit: incomplete record frame")

// ParseFrame reads one frame from the start of b into r and returns its
// length. r.Payload and the hashed body alias b. It returns ErrShortFrame
// when b holds only part of a frame, and another error for a frame that is
// malformed or fails its checksum. It never panics, whatever b holds.
func ParseFrame(b []byte, r *Record) (int, error) {
	if len(b) < frameHeader {
		return 0, ErrShortFrame
	}
	n := int(binary.BigEndian.Uint32(b))
	if n < bodyFixed || n > MaxFrame-frameHeader-frameTrailer {
		return 0, fmt.Errorf("audit: record frame length %d out of range", n)
	}
	total := frameHeader + n + frameTrailer
	if len(b) < total {
		return 0, ErrShortFrame
	}
	if crc32.Checksum(b[:frameHeader+n], crcTable) != binary.BigEndian.Uint32(b[frameHeader+n:]) {
		return 0, errors.New("audit: record frame checksum mismatch")
	}
	body := b[frameHeader : frameHeader+n]
	idLen := int(body[bodyFixed-1])
	if bodyFixed+idLen > n {
		return 0, errors.New("audit: record id overruns its frame")
	}
	r.Kind = Kind(body[0])
	r.Seq = binary.BigEndian.Uint64(body[1:])
	r.Time = time.Unix(0, int64(binary.BigEndian.Uint64(body[9:])))
	copy(r.Prev[:], body[17:49])
	r.ID = string(body[bodyFixed : bodyFixed+idLen])
	r.Payload = body[bodyFixed+idLen:]
	r.body, r.hashed = body, false
	if r.Kind < KindEvent || r.Kind > KindPrune {
		return 0, fmt.Errorf("audit: record %d has unknown kind %d", r.Seq, body[0])
	}
	if r.Seq == 0 {
		return 0, errors.New("audit: record with sequence number 0")
	}
	return total, nil
}

// Head is the end of the chain: what the next record continues.
type Head struct {
	Seq        uint64    // the last record's position; 0 for an empty log
	Hash       [32]byte  // the last record's hash
	Time       time.Time // the last record's time
	Checkpoint uint64    // the position of the last checkpoint record; 0 if none
}

// Next checks that r continues h and returns the head after r. Every sink
// calls it for each record it appends, so no sink can fork the chain.
func (h Head) Next(r *Record) (Head, error) {
	if r.Seq != h.Seq+1 {
		return h, fmt.Errorf("audit: record %d does not follow head %d", r.Seq, h.Seq)
	}
	if r.Prev != h.Hash {
		return h, fmt.Errorf("audit: record %d does not chain to head %d", r.Seq, h.Seq)
	}
	if r.Time.Before(h.Time) {
		return h, fmt.Errorf("audit: record %d is older than head %d", r.Seq, h.Seq)
	}
	n := Head{Seq: r.Seq, Hash: r.Hash(), Time: r.Time, Checkpoint: h.Checkpoint}
	if r.Kind == KindCheckpoint {
		n.Checkpoint = r.Seq
	}
	return n, nil
}
