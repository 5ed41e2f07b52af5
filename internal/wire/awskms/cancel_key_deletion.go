package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type cancelKeyDeletionOutput struct {
	KeyID string `json:"KeyId"`
}

func (h *handler) cancelKeyDeletion(ctx context.Context, in *keyIDInput) (*cancelKeyDeletionOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	k, err := h.kms.CancelDeletion(ctx, region(arca.CallerFrom(ctx)), ref)
	if err != nil {
		return nil, err
	}
	return &cancelKeyDeletionOutput{KeyID: k.ARN()}, nil
}
