package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type deleteAliasInput struct {
	AliasName *string `json:"AliasName"`
}

func (h *handler) deleteAlias(ctx context.Context, in *deleteAliasInput) (*empty, error) {
	var v awsjson.Validator
	name := aliasName(&v, in.AliasName)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.DeleteAlias(ctx, region(arca.CallerFrom(ctx)), name)
}
