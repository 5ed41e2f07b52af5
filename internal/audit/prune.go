package audit

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/arca-vault/arca"
)

// Prune applies Config.Retention now: it removes the records older than
// Now - Retention up to the last checkpoint before them, which stays as the
// first record so the rest still verifies. A prune record naming the cut is
// appended first, so the removal is itself in the chain. It returns the
// number of records removed (0 without retention). Errors: arca.EUnavailable
// when the sink fails.
//
// With Config.MaxRecords the cut is also moved up so that about that many
// records stay (the last checkpoint before the newest MaxRecords).
func (l *Log) Prune(ctx context.Context) (uint64, error) {
	if l.cfg.Retention <= 0 && l.cfg.MaxRecords == 0 {
		return 0, nil
	}
	var cutoff time.Time // zero: no time bound
	unavailable := func(err error) error {
		return &arca.Error{Code: arca.EUnavailable, Message: "audit retention: the sink failed", Err: err}
	}
	var keep uint64
	if l.cfg.Retention > 0 {
		cutoff = l.cfg.Now().Add(-l.cfg.Retention)
		var err error
		if keep, err = l.sink.Locate(ctx, cutoff); err != nil {
			return 0, unavailable(err)
		}
	}
	if l.cfg.MaxRecords > 0 {
		h, err := l.sink.Head(ctx)
		if err != nil {
			return 0, unavailable(err)
		}
		if h.Seq > l.cfg.MaxRecords {
			keep = max(keep, h.Seq-l.cfg.MaxRecords+1)
		}
	}
	if keep == 0 {
		return 0, nil
	}
	cut, err := l.sink.LastCheckpoint(ctx, keep)
	if err != nil {
		return 0, unavailable(err)
	}
	first, err := firstSeq(ctx, l.sink)
	if err != nil {
		return 0, unavailable(err)
	}
	if cut == 0 || cut <= first {
		return 0, nil
	}
	payload, err := json.Marshal(PruneMark{Cut: cut, Cutoff: cutoff.UTC()})
	if err != nil {
		return 0, arca.Internal(err)
	}
	if err := l.wait(ctx, &pending{kind: KindPrune, payload: payload, done: make(chan error, 1)}); err != nil {
		return 0, err
	}
	if err := l.sink.Prune(ctx, cut); err != nil {
		return 0, unavailable(err)
	}
	l.cfg.Log.Info("audit retention: pruned", "before", cut, "records", cut-first)
	return cut - first, nil
}

// firstSeq returns the position of the first record kept, or 0 for an
// empty log.
func firstSeq(ctx context.Context, src Source) (uint64, error) {
	var first uint64
	err := src.Scan(ctx, 0, 0, func(r *Record) error {
		first = r.Seq
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, err
	}
	return first, nil
}
