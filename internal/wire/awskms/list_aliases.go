package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listAliasesInput struct {
	KeyID  *string `json:"KeyId"`
	Limit  *int64  `json:"Limit"`
	Marker *string `json:"Marker"`
}

type aliasEntry struct {
	AliasName       string        `json:"AliasName"`
	AliasArn        string        `json:"AliasArn"`
	TargetKeyID     string        `json:"TargetKeyId"`
	CreationDate    *awsjson.Time `json:"CreationDate,omitempty"`
	LastUpdatedDate *awsjson.Time `json:"LastUpdatedDate,omitempty"`
}

type listAliasesOutput struct {
	Aliases    []aliasEntry `json:"Aliases"`
	NextMarker string       `json:"NextMarker,omitempty"`
	Truncated  bool         `json:"Truncated"`
}

func (h *handler) listAliases(ctx context.Context, in *listAliasesInput) (*listAliasesOutput, error) {
	var v awsjson.Validator
	ref := optional(&v, "keyId", in.KeyID, 1, 2048)
	n := limit(&v, in.Limit, 50)
	m := marker(&v, in.Marker)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	c := arca.CallerFrom(ctx)
	page, err := h.kms.Aliases(ctx, region(c), ref, m, n)
	if err != nil {
		return nil, err
	}
	out := &listAliasesOutput{Aliases: []aliasEntry{}, NextMarker: page.Next, Truncated: page.Next != ""}
	for _, a := range page.Aliases {
		out.Aliases = append(out.Aliases, aliasEntry{
			AliasName: a.Name, AliasArn: arca.ARN("kms", region(c), h.kms.Account(), a.Name, false), TargetKeyID: a.KeyID,
			CreationDate: awsjson.TimePtr(a.Created), LastUpdatedDate: awsjson.TimePtr(a.Updated),
		})
	}
	return out, nil
}
