package secrets

import (
	"context"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// DeleteInput is a request to delete a secret.
type DeleteInput struct {
	ID           string
	RecoveryDays *int64 // 7..30; nil = 30
	Force        bool   // delete now, without recovery
}

// DeleteResult reports a deletion.
type DeleteResult struct {
	ARN, Name    string
	DeletionDate time.Time
}

// Delete schedules a secret's deletion after a recovery window (7 to 30
// days, default 30) during which it is hidden from listings and refuses
// reads and writes but can be restored; or, with Force, deletes it and every
// version at once. A forced delete of a secret that does not exist succeeds,
// as in AWS.
//
// Errors: EInvalid (both Force and RecoveryDays; a window out of range),
// ENotFound, EConflict (already scheduled, without Force; a replica; a
// primary that still has replicas).
func (s *Service) Delete(ctx context.Context, in DeleteInput) (*DeleteResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if in.Force && in.RecoveryDays != nil {
		return nil, arca.Errorf(arca.EInvalid, "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
	}
	days := int64(DefaultRecoveryDays)
	if in.RecoveryDays != nil {
		days = *in.RecoveryDays
		if days < MinRecoveryDays || days > MaxRecoveryDays {
			return nil, arca.Errorf(arca.EInvalid, "The RecoveryWindowInDays value must be between %d and %d days (inclusive).", MinRecoveryDays, MaxRecoveryDays)
		}
	}
	var res *DeleteResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		now := s.clock()
		r, err := s.resolve(ctx, tx, c, in.ID)
		if arca.ErrorCode(err) == arca.ENotFound && in.Force {
			res = &DeleteResult{Name: nameOf(in.ID), DeletionDate: now}
			if _, ok := arca.ParseARN(in.ID); ok {
				res.ARN = in.ID
			}
			return nil
		}
		if err != nil {
			return err
		}
		if r.isReplica() {
			return replicaWrite()
		}
		if len(r.Replicas) > 0 {
			regions := make([]string, len(r.Replicas))
			for i, rs := range r.Replicas {
				regions[i] = rs.Region
			}
			return arca.Errorf(arca.EConflict, "You can't delete secret %s that still has replica regions [%s]", r.Name, strings.Join(regions, ", "))
		}
		res = &DeleteResult{ARN: r.ARN, Name: r.Name, DeletionDate: now}
		if in.Force {
			return dropRecord(tx, r)
		}
		if !r.Deleted.IsZero() {
			return markedForDeletion()
		}
		r.Deleted = now
		r.DeleteAt = now.Add(time.Duration(days) * 24 * time.Hour)
		res.DeletionDate = r.DeleteAt
		if err := tx.Put(purgeKey(r.DeleteAt, r.Region, r.Name), nil); err != nil {
			return arca.Internal(err)
		}
		return putRecord(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// nameOf returns the secret name an id stands for: the name, or the part of
// a secret ARN after "secret:".
func nameOf(id string) string {
	if a, ok := arca.ParseARN(id); ok {
		return strings.TrimPrefix(a.Resource, "secret:")
	}
	return id
}

// Restore cancels a scheduled deletion; restoring a secret that is not
// scheduled for deletion changes nothing. Errors: ENotFound, EConflict (a
// replica).
func (s *Service) Restore(ctx context.Context, id string) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var ref *Ref
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.resolve(ctx, tx, c, id)
		if err != nil {
			return err
		}
		if r.isReplica() {
			return replicaWrite()
		}
		ref = &Ref{ARN: r.ARN, Name: r.Name}
		if r.Deleted.IsZero() {
			return nil
		}
		if err := tx.Delete(purgeKey(r.DeleteAt, r.Region, r.Name)); err != nil {
			return arca.Internal(err)
		}
		r.Deleted, r.DeleteAt = time.Time{}, time.Time{}
		r.Changed = s.clock()
		return putRecord(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}
