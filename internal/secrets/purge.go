package secrets

import (
	"bytes"
	"context"
	"strconv"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// PurgeDue deletes, for good, every secret whose recovery window has ended
// (DeletionDate not after Config.Now), in every region, and reports how many
// it deleted. Each secret goes in its own transaction, which checks again
// that the secret is still scheduled and due, so a RestoreSecret that won the
// race keeps its secret. Errors: storage failures (EInternal), ctx.Err().
func (s *Service) PurgeDue(ctx context.Context) (int, error) {
	n := 0
	for {
		due, err := s.dueBatch(ctx)
		if err != nil || len(due) == 0 {
			return n, err
		}
		for _, key := range due {
			if err := s.purgeOne(ctx, key); err != nil {
				return n, err
			}
			n++
		}
	}
}

// dueBatch lists up to 100 purge index keys that have fallen due.
func (s *Service) dueBatch(ctx context.Context) ([][]byte, error) {
	now := s.now().Unix()
	var due [][]byte
	err := s.store.View(ctx, func(tx storage.Tx) error {
		due = nil
		kvs, err := tx.List([]byte(purgePrefix), nil, 100)
		if err != nil {
			return arca.Internal(err)
		}
		for _, kv := range kvs {
			at, _, _, ok := parsePurgeKey(kv.Key)
			if !ok || at <= now {
				due = append(due, kv.Key)
				continue
			}
			break
		}
		return nil
	})
	return due, err
}

// purgeOne deletes the secret that index key names, if it is still due; the
// index entry goes in any case.
func (s *Service) purgeOne(ctx context.Context, key []byte) error {
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if err := tx.Delete(key); err != nil {
			return arca.Internal(err)
		}
		at, region, name, ok := parsePurgeKey(key)
		if !ok {
			return nil
		}
		r, err := getRecord(tx, region, name)
		if arca.ErrorCode(err) == arca.ENotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if r.Deleted.IsZero() || r.DeleteAt.Unix() != at || r.DeleteAt.After(s.now()) {
			return nil
		}
		return dropRecord(tx, r)
	})
}

func parsePurgeKey(key []byte) (at int64, region, name string, ok bool) {
	rest, found := bytes.CutPrefix(key, []byte(purgePrefix))
	if !found {
		return 0, "", "", false
	}
	parts := bytes.SplitN(rest, []byte{0}, 3)
	if len(parts) != 3 {
		return 0, "", "", false
	}
	at, err := strconv.ParseInt(string(parts[0]), 10, 64)
	if err != nil {
		return 0, "", "", false
	}
	return at, string(parts[1]), string(parts[2]), true
}

// RunPurger calls PurgeDue now and then every interval until ctx is done;
// the server starts it. Failures are logged (never with a value) and retried
// on the next tick.
func (s *Service) RunPurger(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.PurgeDue(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "purge of deleted secrets failed", "purged", n, "code", arca.ErrorCode(err), "err", err)
		} else if n > 0 {
			s.log.InfoContext(ctx, "purged deleted secrets", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
