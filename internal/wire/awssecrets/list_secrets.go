package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listSecretsInput struct {
	IncludePlannedDeletion bool     `json:"IncludePlannedDeletion"`
	MaxResults             *int64   `json:"MaxResults"`
	NextToken              string   `json:"NextToken"`
	Filters                []filter `json:"Filters"`
	SortOrder              string   `json:"SortOrder"`
	SortBy                 string   `json:"SortBy"`
}

type listSecretsOutput struct {
	SecretList []secretListEntry `json:"SecretList"`
	NextToken  string            `json:"NextToken,omitempty"`
}

func (h *handler) listSecrets(ctx context.Context, in *listSecretsInput) (*listSecretsOutput, error) {
	var v awsjson.Validator
	v.Range("maxResults", in.MaxResults, 1, 100)
	if in.NextToken != "" {
		v.Len("nextToken", in.NextToken, 1, 4096)
	}
	checkFilters(&v, in.Filters)
	v.Enum("sortOrder", in.SortOrder, "asc", "desc")
	v.Enum("sortBy", in.SortBy, secrets.SortCreated, secrets.SortLastAccessed, secrets.SortLastChanged, secrets.SortName)
	if err := v.Err(); err != nil {
		return nil, err
	}
	li := secrets.ListInput{
		Filters: fromFilters(in.Filters), IncludePlannedDeletion: in.IncludePlannedDeletion,
		SortBy: in.SortBy, Descending: in.SortOrder == "desc", Token: in.NextToken,
	}
	if in.MaxResults != nil {
		li.Max = int(*in.MaxResults)
	}
	page, err := h.secrets.List(ctx, li)
	if err != nil {
		return nil, err
	}
	out := &listSecretsOutput{SecretList: []secretListEntry{}, NextToken: page.NextToken}
	for _, s := range page.Secrets {
		out.SecretList = append(out.SecretList, toEntry(s))
	}
	return out, nil
}
