package identity

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/arca-vault/arca/internal/storage"
)

// purgeBatch bounds the sessions one purge transaction reads.
const purgeBatch = 256

// PurgeSessions deletes the records of temporary credentials that expired
// before now (they are refused from their expiry on; this only reclaims
// the space). It returns how many it deleted.
func (s *Service) PurgeSessions(ctx context.Context) (int, error) {
	prefix := []byte("iam/session/")
	var after []byte
	total := 0
	for {
		var n int
		var last []byte
		// An expired session is refused already: removing its record
		// changes no permission.
		err := s.updateQuiet(ctx, func(tx storage.Tx) error {
			n, last = 0, nil
			kvs, err := tx.List(prefix, after, purgeBatch)
			if err != nil {
				return err
			}
			now := s.now()
			for _, kv := range kvs {
				last = kv.Key
				var rec struct {
					Expires time.Time `json:"expires"`
				}
				if json.Unmarshal(kv.Value, &rec) == nil && !now.Before(rec.Expires) {
					if err := tx.Delete(kv.Key); err != nil {
						return err
					}
					n++
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
		if last == nil {
			return total, nil
		}
		after = last
	}
}

// RunPurger calls PurgeSessions every interval until ctx is done.
func (s *Service) RunPurger(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.PurgeSessions(ctx); err != nil {
				log.Warn("purge expired sessions", "err", err)
			} else if n > 0 {
				log.Info("purged expired sessions", "count", n)
			}
		}
	}
}
