package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type rotateKeyOnDemandOutput struct {
	KeyID string `json:"KeyId"`
}

func (h *handler) rotateKeyOnDemand(ctx context.Context, in *keyIDInput) (*rotateKeyOnDemandOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	k, err := h.kms.RotateOnDemand(ctx, region(arca.CallerFrom(ctx)), ref)
	if err != nil {
		return nil, err
	}
	return &rotateKeyOnDemandOutput{KeyID: k.ID}, nil
}
