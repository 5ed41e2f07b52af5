package kms

import (
	"context"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Deletion windows, in days.
const (
	MinPendingWindowDays     = 7
	MaxPendingWindowDays     = 30
	DefaultPendingWindowDays = 30
)

// SetEnabled enables or disables the customer key that ref (a key id or key
// ARN) names. A disabled key neither seals nor opens. Errors: EKeyInvalid,
// EDenied for an AWS-managed key, EConflict for a key pending deletion.
func (s *Service) SetEnabled(ctx context.Context, region, ref string, enabled bool) error {
	action := "DisableKey"
	if enabled {
		action = "EnableKey"
	}
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, action); err != nil {
			return err
		}
		if err := notPendingDeletion(k); err != nil {
			return err
		}
		k.State = StateDisabled
		if enabled {
			k.State = StateEnabled
		}
		return nil
	})
	return err
}

// ScheduleDeletion puts the customer key that ref (a key id or key ARN)
// names in PendingDeletion for days (0: DefaultPendingWindowDays). When the
// window has passed the key is gone: PurgeDue deletes its record and
// aliases, and every data key it sealed is lost. Errors: EInvalid for a
// window outside MinPendingWindowDays..MaxPendingWindowDays, EKeyInvalid,
// EDenied for an AWS-managed key, EConflict when already pending deletion.
func (s *Service) ScheduleDeletion(ctx context.Context, region, ref string, days int) (*Key, error) {
	if days == 0 {
		days = DefaultPendingWindowDays
	}
	if days < MinPendingWindowDays || days > MaxPendingWindowDays {
		return nil, arca.Errorf(arca.EInvalid, "The pending window must be %d to %d days; got %d.", MinPendingWindowDays, MaxPendingWindowDays, days)
	}
	return s.update(ctx, region, ref, func(tx storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, "ScheduleKeyDeletion"); err != nil {
			return err
		}
		if err := notPendingDeletion(k); err != nil {
			return err
		}
		k.State = StatePendingDeletion
		k.DeletionDate = s.now().UTC().Add(time.Duration(days) * 24 * time.Hour)
		k.PendingWindowDays = days
		if err := tx.Put(dueKey(k.DeletionDate, k.Region, k.ID), nil); err != nil {
			return arca.Internal(err)
		}
		return nil
	})
}

// CancelDeletion takes the key that ref (a key id or key ARN) names out of
// PendingDeletion; it is Disabled afterwards, as in AWS, and keeps its
// rotation setting. Errors: EKeyInvalid (also once the window has passed),
// EDenied for an AWS-managed key, EConflict when not pending deletion.
func (s *Service) CancelDeletion(ctx context.Context, region, ref string) (*Key, error) {
	return s.update(ctx, region, ref, func(tx storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, "CancelKeyDeletion"); err != nil {
			return err
		}
		if k.State != StatePendingDeletion {
			return arca.Errorf(arca.EConflict, "%s is not pending deletion.", k.ARN())
		}
		if err := tx.Delete(dueKey(k.DeletionDate, k.Region, k.ID)); err != nil {
			return arca.Internal(err)
		}
		k.State, k.DeletionDate, k.PendingWindowDays = StateDisabled, time.Time{}, 0
		return nil
	})
}
