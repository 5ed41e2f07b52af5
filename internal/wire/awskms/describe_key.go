package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type describeKeyInput struct {
	KeyID string `json:"KeyId"`
}

type describeKeyOutput struct {
	KeyMetadata keyMetadata `json:"KeyMetadata"`
}

func (h *handler) describeKey(ctx context.Context, in *describeKeyInput) (*describeKeyOutput, error) {
	var v awsjson.Validator
	v.Len("keyId", in.KeyID, 1, 2048)
	if err := v.Err(); err != nil {
		return nil, err
	}
	k, err := h.kms.Describe(ctx, region(arca.CallerFrom(ctx)), in.KeyID)
	if err != nil {
		return nil, err
	}
	return &describeKeyOutput{KeyMetadata: toMetadata(k)}, nil
}
