package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// VerifyOptions narrows Verify to a time window. Zero values are unbounded.
// With From, verification starts at the last checkpoint before From (its
// signature is the anchor); with To, it stops at the first checkpoint after
// To (so the window is covered by a signature), and then the head is not
// compared.
type VerifyOptions struct{ From, To time.Time }

// Report is what Verify found.
type Report struct {
	Records     uint64   // records read
	Events      uint64   // event records
	Intents     uint64   // intent records
	OpenIntents uint64   // intents without a later event of the same EventID (a crash, or a failure after the change)
	Checkpoints uint64   // checkpoints whose signature verified
	FirstBad    uint64   // the first bad position; 0 when OK
	Problem     string   // what is wrong there, starting with the kind: removed, reordered, altered, inserted, truncated, bad signature
	OK          bool     // nothing wrong
	Head        [32]byte // hash of the last record read

	First, Last uint64 // positions of the first and last records read
	Unsigned    uint64 // records after the last checkpoint: intact, but not yet signed
}

// lookahead bounds how far Verify reads past a gap to tell a reordered
// record from a removed one.
const lookahead = 4096

// Verify recomputes the hash chain of src and checks every checkpoint
// signature against pub. It decodes no event JSON. The returned report says
// OK, or names the first bad position and the problem; the error is only
// for a source that cannot be read.
func Verify(ctx context.Context, src Source, pub ed25519.PublicKey, opts VerifyOptions) (*Report, error) {
	head, err := src.Head(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit verify: read head: %w", err)
	}
	v := &verifier{pub: pub, head: head, open: map[string]uint64{}, to: opts.To}
	var from uint64
	if !opts.From.IsZero() {
		s, err := src.Locate(ctx, opts.From)
		if err != nil {
			return nil, fmt.Errorf("audit verify: locate %s: %w", opts.From, err)
		}
		if from, err = src.LastCheckpoint(ctx, s); err != nil {
			return nil, fmt.Errorf("audit verify: locate %s: %w", opts.From, err)
		}
		v.anchored = from > 0
	}
	err = src.Scan(ctx, from, 0, v.next)
	var ce *CorruptError
	switch {
	case errors.As(err, &ce):
		if v.bad == 0 {
			v.fail(ce.After+1, "altered: the record after position %d does not parse (%s at %s)", ce.After, ce.Reason, ce.Where)
		}
	case err != nil && !errors.Is(err, errStop):
		return nil, fmt.Errorf("audit verify: %w", err)
	}
	v.end(errors.Is(err, errStop) && v.bad == 0)
	r := v.rep
	r.OpenIntents = uint64(len(v.open))
	r.Head = v.prev
	r.Last = v.last
	if v.last > v.lastCP {
		r.Unsigned = v.last - max(v.lastCP, v.rep.First-1)
	}
	r.FirstBad = v.bad
	r.OK = v.bad == 0
	return &r, nil
}

type verifier struct {
	pub      ed25519.PublicKey
	head     Head
	anchored bool
	to       time.Time
	rep      Report
	open     map[string]uint64
	maxCut   uint64 // the latest cut a prune record names

	expect uint64 // next position; 0 before the first record
	prev   [32]byte
	last   uint64
	lastCP uint64

	bad     uint64
	problem string

	gapAt   uint64 // a position missing where a later one appeared
	gapLeft int    // records still to read looking for it
	forged  *struct {
		seq        uint64
		prevBefore [32]byte
	}
}

func (v *verifier) fail(pos uint64, format string, args ...any) {
	if v.bad == 0 {
		v.bad, v.problem = pos, fmt.Sprintf(format, args...)
		v.rep.Problem = v.problem
	}
}

func (v *verifier) next(r *Record) error {
	if v.gapAt != 0 {
		// After a gap, only look for the missing record.
		if r.Seq == v.gapAt {
			v.fail(v.gapAt, "reordered: record %d appears after record %d", v.gapAt, v.last)
			return errStop
		}
		if v.gapLeft--; v.gapLeft <= 0 {
			return errStop
		}
		return nil
	}
	h := r.Hash()
	if f := v.forged; f != nil {
		if r.Seq == f.seq || r.Prev == f.prevBefore {
			v.fail(f.seq, "inserted: record %d does not chain to record %d, and the record after it does", f.seq, f.seq-1)
		} else {
			v.fail(f.seq-1, "altered: record %d does not hash to the value record %d carries", f.seq-1, f.seq)
		}
		return errStop
	}
	v.rep.Records++
	switch {
	case v.expect == 0:
		v.rep.First = r.Seq
		if r.Seq != 1 {
			if r.Kind != KindCheckpoint {
				v.fail(r.Seq, "removed: the log starts at record %d, which is not a checkpoint", r.Seq)
				return errStop
			}
			// Pruned (or a window): the checkpoint's signature anchors it.
			if err := checkCheckpoint(r, v.pub); err != nil {
				v.fail(r.Seq, "bad signature: the first record, checkpoint %d: %v", r.Seq, err)
				return errStop
			}
		}
	case r.Seq > v.expect:
		// Removed or reordered: decided when the lookahead ends.
		v.gapAt, v.gapLeft = v.expect, lookahead
		return nil
	case r.Seq < v.expect:
		v.fail(r.Seq, "inserted: a second record claims position %d", r.Seq)
		return errStop
	case r.Prev != v.prev:
		v.forged = &struct {
			seq        uint64
			prevBefore [32]byte
		}{r.Seq, v.prev}
		return nil
	}
	switch r.Kind {
	case KindEvent:
		v.rep.Events++
		if len(v.open) > 0 {
			delete(v.open, r.ID)
		}
	case KindIntent:
		v.rep.Intents++
		v.open[r.ID] = r.Seq
	case KindCheckpoint:
		if r.Seq != v.rep.First || v.rep.First == 1 {
			if err := checkCheckpoint(r, v.pub); err != nil {
				v.fail(r.Seq, "bad signature: checkpoint %d: %v", r.Seq, err)
				return errStop
			}
		}
		v.rep.Checkpoints++
		v.lastCP = r.Seq
	case KindPrune:
		var m PruneMark
		if err := json.Unmarshal(r.Payload, &m); err != nil {
			v.fail(r.Seq, "altered: prune record %d does not parse", r.Seq)
			return errStop
		}
		v.maxCut = max(v.maxCut, m.Cut)
	}
	if r.Seq == v.head.Seq && h != v.head.Hash {
		v.fail(r.Seq, "altered: record %d does not match the head the sink keeps", r.Seq)
		return errStop
	}
	v.expect, v.prev, v.last = r.Seq+1, h, r.Seq
	if !v.to.IsZero() && r.Kind == KindCheckpoint && r.Time.After(v.to) {
		return errStop
	}
	return nil
}

// end draws the conclusions that need the whole scan.
func (v *verifier) end(window bool) {
	if v.gapAt != 0 && v.bad == 0 {
		v.fail(v.gapAt, "removed: record %d is missing (the next record is a later one)", v.gapAt)
	}
	if f := v.forged; f != nil && v.bad == 0 {
		// The last record does not chain: it was appended by someone else,
		// or the one before it was altered.
		v.fail(f.seq, "altered or inserted: the last record, %d, does not chain to record %d", f.seq, f.seq-1)
	}
	if v.bad != 0 {
		return
	}
	// A prune record allows removing anything before its cut; engines
	// that remove whole files may keep some of those records.
	if v.rep.First > 1 && !v.anchored && v.maxCut < v.rep.First {
		lost := max(v.maxCut, 1)
		v.fail(lost, "removed: records %d to %d are missing, and no retention record allows it", lost, v.rep.First-1)
		return
	}
	if window {
		return
	}
	if v.last < v.head.Seq {
		v.fail(v.last+1, "truncated: the log ends at record %d, but the head the sink keeps names record %d", v.last, v.head.Seq)
	}
}
