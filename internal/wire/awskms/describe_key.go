package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type describeKeyInput struct {
	KeyID       *string  `json:"KeyId"`
	GrantTokens []string `json:"GrantTokens"`
}

type describeKeyOutput struct {
	KeyMetadata keyMetadata `json:"KeyMetadata"`
}

func (h *handler) describeKey(ctx context.Context, in *describeKeyInput) (*describeKeyOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	grantTokens(&v, in.GrantTokens)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	k, err := h.kms.Describe(ctx, region(arca.CallerFrom(ctx)), ref)
	if err != nil {
		return nil, err
	}
	return &describeKeyOutput{KeyMetadata: toMetadata(k)}, nil
}
