package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// keyIDInput is the input of the operations that take only a KeyId.
type keyIDInput struct {
	KeyID *string `json:"KeyId"`
}

func (h *handler) enableKey(ctx context.Context, in *keyIDInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.SetEnabled(ctx, region(arca.CallerFrom(ctx)), ref, true)
}
