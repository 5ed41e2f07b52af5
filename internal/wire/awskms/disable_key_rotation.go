package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

func (h *handler) disableKeyRotation(ctx context.Context, in *keyIDInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.DisableRotation(ctx, region(arca.CallerFrom(ctx)), ref)
}
