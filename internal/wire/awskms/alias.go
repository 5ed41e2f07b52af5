package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type createAliasInput struct {
	AliasName   string `json:"AliasName"`
	TargetKeyID string `json:"TargetKeyId"`
}

type empty struct{}

func (h *handler) createAlias(ctx context.Context, in *createAliasInput) (*empty, error) {
	var v awsjson.Validator
	v.Len("aliasName", in.AliasName, 1, 256)
	v.Len("targetKeyId", in.TargetKeyID, 1, 2048)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.CreateAlias(ctx, region(arca.CallerFrom(ctx)), in.AliasName, in.TargetKeyID)
}

type keyIDInput struct {
	KeyID string `json:"KeyId"`
}

func (h *handler) enableKey(ctx context.Context, in *keyIDInput) (*empty, error) {
	return h.setEnabled(ctx, in, true)
}

func (h *handler) disableKey(ctx context.Context, in *keyIDInput) (*empty, error) {
	return h.setEnabled(ctx, in, false)
}

func (h *handler) setEnabled(ctx context.Context, in *keyIDInput, on bool) (*empty, error) {
	var v awsjson.Validator
	v.Len("keyId", in.KeyID, 1, 2048)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.SetEnabled(ctx, region(arca.CallerFrom(ctx)), in.KeyID, on)
}

type listAliasesInput struct {
	KeyID string `json:"KeyId"`
}

type aliasEntry struct {
	AliasName   string `json:"AliasName"`
	AliasArn    string `json:"AliasArn"`
	TargetKeyID string `json:"TargetKeyId"`
}

type listAliasesOutput struct {
	Aliases   []aliasEntry `json:"Aliases"`
	Truncated bool         `json:"Truncated"`
}

func (h *handler) listAliases(ctx context.Context, in *listAliasesInput) (*listAliasesOutput, error) {
	c := arca.CallerFrom(ctx)
	out := &listAliasesOutput{Aliases: []aliasEntry{}}
	id := ""
	if in.KeyID != "" {
		k, err := h.kms.Describe(ctx, c.Region, in.KeyID)
		if err != nil {
			return nil, err
		}
		id = k.ID
	}
	aliases, err := h.kms.Aliases(ctx, c.Region, id)
	if err != nil {
		return nil, err
	}
	for _, a := range aliases {
		out.Aliases = append(out.Aliases, aliasEntry{AliasName: a.Name, AliasArn: arca.ARN("kms", c.Region, c.Account, a.Name, false), TargetKeyID: a.KeyID})
	}
	return out, nil
}
