package kms

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// The deletion queue: one empty record per key pending deletion, named
// kms-due/<deletion time>/<region>/<id> so that a listing yields the due
// keys first.
const dueSpace = "kms-due/"

// dueLayout formats deletion times with a fixed width, so that byte order
// is time order.
const dueLayout = "20060102T150405.000000000Z"

func dueKey(t time.Time, region, id string) []byte {
	return []byte(dueSpace + t.UTC().Format(dueLayout) + "/" + region + "/" + id)
}

type dueEntry struct {
	key        []byte
	region, id string
}

// PurgeDue deletes every key whose deletion window has passed by the
// service's clock (Config.Now): its record, with its material, and the
// aliases that point at it. It returns how many keys it deleted. A key
// whose deletion was cancelled is left alone. Errors: EInternal.
func (s *Service) PurgeDue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	var due []dueEntry
	err := s.store.View(ctx, func(tx storage.Tx) error {
		due = due[:0]
		kvs, err := tx.List([]byte(dueSpace), nil, 0)
		if err != nil {
			return arca.Internal(err)
		}
		for _, kv := range kvs {
			parts := strings.SplitN(string(kv.Key[len(dueSpace):]), "/", 3)
			if len(parts) != 3 {
				continue
			}
			t, err := time.Parse(dueLayout, parts[0])
			if err != nil {
				continue
			}
			if t.After(now) {
				break
			}
			due = append(due, dueEntry{key: kv.Key, region: parts[1], id: parts[2]})
		}
		return nil
	})
	if err != nil || len(due) == 0 {
		return 0, err
	}
	var purged []dueEntry
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		purged = purged[:0]
		for _, d := range due {
			gone, err := s.purgeTx(tx, d, now)
			if err != nil {
				return err
			}
			if gone {
				purged = append(purged, d)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, d := range purged {
		s.forget(d.region, d.id)
	}
	return len(purged), nil
}

// purgeTx deletes the key of d if it is still pending deletion and due, and
// always the queue entry.
func (s *Service) purgeTx(tx storage.Tx, d dueEntry, now time.Time) (bool, error) {
	if err := tx.Delete(d.key); err != nil {
		return false, arca.Internal(err)
	}
	raw, err := tx.Get(keyKey(d.region, d.id))
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, arca.Internal(err)
	}
	k, err := s.decode(d.region, d.id, raw)
	if err != nil {
		return false, err
	}
	if k.State != StatePendingDeletion || now.Before(k.DeletionDate) {
		return false, nil
	}
	aliases, err := s.aliasesOf(tx, d.region, d.id)
	if err != nil {
		return false, err
	}
	for _, a := range aliases {
		if err := tx.Delete(aliasKey(d.region, a.Name)); err != nil {
			return false, arca.Internal(err)
		}
	}
	if err := tx.Delete(keyKey(d.region, d.id)); err != nil {
		return false, arca.Internal(err)
	}
	return true, nil
}

// RunPurger calls PurgeDue at once and then every interval until ctx is
// done, logging what it deleted and any failure (which it retries on the
// next tick). Keys past their window are already invisible between runs;
// the purger removes their records.
func (s *Service) RunPurger(ctx context.Context, interval time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := s.PurgeDue(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.ErrorContext(ctx, "kms: deleting keys past their deletion window failed", "err", err)
		case n > 0:
			log.InfoContext(ctx, "kms: deleted keys past their deletion window", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
