package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

func (h *handler) updateAlias(ctx context.Context, in *aliasInput) (*empty, error) {
	var v awsjson.Validator
	name := aliasName(&v, in.AliasName)
	target := keyID(&v, "targetKeyId", in.TargetKeyID)
	if err := validate(&v, target); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.UpdateAlias(ctx, region(arca.CallerFrom(ctx)), name, target)
}
