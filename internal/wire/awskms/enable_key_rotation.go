package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type enableKeyRotationInput struct {
	KeyID                *string `json:"KeyId"`
	RotationPeriodInDays *int64  `json:"RotationPeriodInDays"`
}

func (h *handler) enableKeyRotation(ctx context.Context, in *enableKeyRotationInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Range("rotationPeriodInDays", in.RotationPeriodInDays, kms.MinRotationPeriodDays, kms.MaxRotationPeriodDays)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	days := 0
	if in.RotationPeriodInDays != nil {
		days = int(*in.RotationPeriodInDays)
	}
	return &empty{}, h.kms.EnableRotation(ctx, region(arca.CallerFrom(ctx)), ref, days)
}
