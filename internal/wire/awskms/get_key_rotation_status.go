package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getKeyRotationStatusOutput struct {
	KeyRotationEnabled   bool          `json:"KeyRotationEnabled"`
	KeyID                string        `json:"KeyId"`
	RotationPeriodInDays int           `json:"RotationPeriodInDays,omitempty"`
	NextRotationDate     *awsjson.Time `json:"NextRotationDate,omitempty"`
}

func (h *handler) getKeyRotationStatus(ctx context.Context, in *keyIDInput) (*getKeyRotationStatusOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	st, err := h.kms.Rotation(ctx, region(arca.CallerFrom(ctx)), ref)
	if err != nil {
		return nil, err
	}
	return &getKeyRotationStatusOutput{
		KeyRotationEnabled: st.Enabled, KeyID: st.Key.ARN(),
		RotationPeriodInDays: st.PeriodDays, NextRotationDate: awsjson.TimePtr(st.Next),
	}, nil
}
