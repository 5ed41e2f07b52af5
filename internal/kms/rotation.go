package kms

import (
	"context"
	"fmt"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Rotation limits.
const (
	MinRotationPeriodDays     = 90
	MaxRotationPeriodDays     = 2560
	DefaultRotationPeriodDays = 365
	MaxOnDemandRotations      = 25 // per key
)

// checkRotatable is the state check of the rotation settings: EDenied for
// an AWS-managed key (AWS rotates those every year, unchangeably),
// EKeyDisabled for a disabled key, EConflict for one pending deletion.
func checkRotatable(ctx context.Context, k *Key, action string) error {
	if err := denyManaged(ctx, k, action); err != nil {
		return err
	}
	return k.usableKMS()
}

// EnableRotation turns on automatic rotation of the customer key that ref (a
// key id or key ARN) names, every days days (0: DefaultRotationPeriodDays).
// The next rotation is days after rotation was enabled; enabling again with
// another period moves it to days after that same date. Errors: EInvalid for
// a period outside MinRotationPeriodDays..MaxRotationPeriodDays,
// EKeyInvalid, EDenied, EKeyDisabled, EConflict (see checkRotatable).
func (s *Service) EnableRotation(ctx context.Context, region, ref string, days int) error {
	if days == 0 {
		days = DefaultRotationPeriodDays
	}
	if days < MinRotationPeriodDays || days > MaxRotationPeriodDays {
		return arca.Errorf(arca.EInvalid, "The rotation period must be %d to %d days; got %d.", MinRotationPeriodDays, MaxRotationPeriodDays, days)
	}
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := checkRotatable(ctx, k, "EnableKeyRotation"); err != nil {
			return err
		}
		if !k.RotationEnabled || k.RotationBasis.IsZero() {
			k.RotationBasis = s.now().UTC()
		}
		k.RotationEnabled, k.RotationPeriodDays = true, days
		k.NextRotation = k.RotationBasis.AddDate(0, 0, days)
		return nil
	})
	return err
}

// DisableRotation turns off automatic rotation of the customer key that ref
// names. Errors: as EnableRotation, but for the period.
func (s *Service) DisableRotation(ctx context.Context, region, ref string) error {
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := checkRotatable(ctx, k, "DisableKeyRotation"); err != nil {
			return err
		}
		k.RotationEnabled, k.RotationPeriodDays = false, 0
		k.RotationBasis, k.NextRotation = time.Time{}, time.Time{}
		return nil
	})
	return err
}

// RotationStatus is a key's automatic rotation setting as GetKeyRotationStatus
// reports it.
type RotationStatus struct {
	Key        *Key
	Enabled    bool
	PeriodDays int       // 0 when disabled
	Next       time.Time // zero when disabled
}

// Rotation reports the rotation setting of the key that ref (a key id or key
// ARN) names. A key pending deletion reports rotation off (its setting
// returns if the deletion is cancelled); an AWS-managed key always rotates
// yearly. Errors: EKeyInvalid.
func (s *Service) Rotation(ctx context.Context, region, ref string) (*RotationStatus, error) {
	var out *RotationStatus
	err := s.view(ctx, region, ref, false, func(_ storage.Tx, k *Key) error {
		out = &RotationStatus{Key: k}
		switch {
		case k.State == StatePendingDeletion:
		case k.Manager == ManagerAWS:
			out.Enabled, out.PeriodDays, out.Next = true, DefaultRotationPeriodDays, k.NextRotation
			if out.Next.IsZero() {
				out.Next = k.Created.AddDate(0, 0, DefaultRotationPeriodDays)
			}
		case k.RotationEnabled:
			out.Enabled, out.PeriodDays, out.Next = true, k.RotationPeriodDays, k.NextRotation
		}
		return nil
	})
	return out, err
}

// RotateOnDemand gives the customer key that ref (a key id or key ARN) names
// a new version of material at once; new data is sealed under it, and data
// sealed under earlier versions still opens. The automatic schedule is
// unchanged. Errors: EKeyInvalid, EDenied, EKeyDisabled, EConflict (see
// checkRotatable), ELimit after MaxOnDemandRotations.
func (s *Service) RotateOnDemand(ctx context.Context, region, ref string) (*Key, error) {
	return s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := checkRotatable(ctx, k, "RotateKeyOnDemand"); err != nil {
			return err
		}
		n := 0
		for _, v := range k.Versions {
			if v.Rotation == RotationOnDemand {
				n++
			}
		}
		if n >= MaxOnDemandRotations {
			return arca.Errorf(arca.ELimit, "%s has been rotated on demand %d times, the most a key may be.", k.ARN(), MaxOnDemandRotations)
		}
		return s.addVersion(k, RotationOnDemand)
	})
}

// RotationPage is one page of a key's versions, oldest first.
type RotationPage struct {
	Key      *Key
	Versions []Version
	Next     string // the marker of the next page; "" on the last page
}

// Rotations lists the versions of the key that ref (a key id or key ARN)
// names that rotations made — with all, the first version too — up to
// limit after marker (a RotationPage.Next, or ""). Errors: EKeyInvalid,
// EBadToken.
func (s *Service) Rotations(ctx context.Context, region, ref string, all bool, marker string, limit int) (*RotationPage, error) {
	after, err := decodeMarker("r", marker)
	if err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	out := &RotationPage{}
	err = s.view(ctx, region, ref, false, func(_ storage.Tx, k *Key) error {
		out.Key, out.Versions, out.Next = k, []Version{}, ""
		for _, v := range k.Versions {
			if (v.Rotation == "" && !all) || (after != "" && versionString(v.Number) <= after) {
				continue
			}
			if len(out.Versions) == limit {
				out.Next = encodeMarker("r", versionString(out.Versions[limit-1].Number))
				break
			}
			out.Versions = append(out.Versions, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// versionString formats n with a fixed width so that string order is
// number order.
func versionString(n uint32) string { return fmt.Sprintf("%010d", n) }
