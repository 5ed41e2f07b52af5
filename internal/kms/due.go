package kms

import (
	"bytes"
	"context"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// RotateDue gives every enabled customer key whose automatic rotation is
// due at now (NextRotation passed) a new version of material, in every
// region, and moves its schedule on by its period from the date that fell
// due, so that a server that was down catches up with one rotation, not
// many. It returns how many keys it rotated and when the next one falls
// due (zero: none). Keys are few, so it reads them all; the rotation
// scheduler calls it at most once a minute, or at that next date.
func (s *Service) RotateDue(ctx context.Context, now time.Time) (rotated int, next time.Time, err error) {
	now = now.UTC()
	// Find the due keys in a read-only pass: most calls find none, and need
	// no write transaction (on the embedded store, no fsync).
	var due [][2]string
	err = s.store.View(ctx, func(tx storage.Tx) error {
		due, next = nil, time.Time{}
		return s.eachKey(tx, func(region, id string, k *Key) error {
			switch {
			case !rotates(k):
			case k.NextRotation.After(now):
				if next.IsZero() || k.NextRotation.Before(next) {
					next = k.NextRotation
				}
			default:
				due = append(due, [2]string{region, id})
			}
			return nil
		})
	})
	if err != nil || len(due) == 0 {
		return 0, next, err
	}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		rotated = 0
		for _, d := range due {
			k, err := s.load(tx, d[0], d[1])
			if err != nil {
				if arca.ErrorCode(err) == arca.EKeyInvalid || arca.ErrorCode(err) == arca.ENotFound {
					continue // gone since
				}
				return err
			}
			if !rotates(k) || k.NextRotation.After(now) {
				continue // rotated by another node since
			}
			k = k.clone()
			if err := s.addVersion(k, RotationAutomatic); err != nil {
				return err
			}
			k.RotationBasis = k.NextRotation
			for !k.RotationBasis.AddDate(0, 0, k.RotationPeriodDays).After(now) {
				k.RotationBasis = k.RotationBasis.AddDate(0, 0, k.RotationPeriodDays)
			}
			k.NextRotation = k.RotationBasis.AddDate(0, 0, k.RotationPeriodDays)
			if err := s.save(tx, k); err != nil {
				return err
			}
			rotated++
		}
		return nil
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	// The rotated keys' next dates lie after now; read them again.
	_, next, err = s.dueNext(ctx, now)
	return rotated, next, err
}

// dueNext reports how many keys are due at now and when the first
// key after now falls due, without rotating any.
func (s *Service) dueNext(ctx context.Context, now time.Time) (due int, next time.Time, err error) {
	err = s.store.View(ctx, func(tx storage.Tx) error {
		due, next = 0, time.Time{}
		return s.eachKey(tx, func(_, _ string, k *Key) error {
			switch {
			case !rotates(k):
			case k.NextRotation.After(now):
				if next.IsZero() || k.NextRotation.Before(next) {
					next = k.NextRotation
				}
			default:
				due++
			}
			return nil
		})
	})
	return due, next, err
}

// rotates reports whether k rotates automatically: enabled, with a date.
func rotates(k *Key) bool {
	return k.RotationEnabled && k.State == StateEnabled && !k.NextRotation.IsZero() && k.RotationPeriodDays > 0
}

// eachKey calls fn with every key record of every region.
func (s *Service) eachKey(tx storage.Tx, fn func(region, id string, k *Key) error) error {
	var after []byte
	for {
		kvs, err := tx.List([]byte("kms/"), after, 256)
		if err != nil {
			return arca.Internal(err)
		}
		for _, kv := range kvs {
			region, id, ok := parseKeyKey(kv.Key)
			if !ok {
				continue
			}
			k, err := s.decode(region, id, kv.Value)
			if err != nil {
				return err
			}
			if err := fn(region, id, k); err != nil {
				return err
			}
		}
		if len(kvs) < 256 {
			return nil
		}
		after = kvs[len(kvs)-1].Key
	}
}

// parseKeyKey splits a key record's storage key, kms/<region>/k/<id>.
func parseKeyKey(key []byte) (region, id string, ok bool) {
	rest, ok := bytes.CutPrefix(key, []byte("kms/"))
	if !ok {
		return "", "", false
	}
	r, rest, ok := bytes.Cut(rest, []byte("/"))
	if !ok {
		return "", "", false
	}
	i, ok := bytes.CutPrefix(rest, []byte("k/"))
	if !ok || bytes.IndexByte(i, '/') >= 0 {
		return "", "", false
	}
	return string(r), string(i), true
}
