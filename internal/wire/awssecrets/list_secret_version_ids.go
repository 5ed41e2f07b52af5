package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listSecretVersionIdsInput struct {
	SecretID          string `json:"SecretId"`
	MaxResults        *int64 `json:"MaxResults"`
	NextToken         string `json:"NextToken"`
	IncludeDeprecated bool   `json:"IncludeDeprecated"`
}

type versionEntry struct {
	VersionID     string        `json:"VersionId"`
	VersionStages []string      `json:"VersionStages,omitempty"`
	CreatedDate   *awsjson.Time `json:"CreatedDate,omitempty"`
	KmsKeyIDs     []string      `json:"KmsKeyIds,omitempty"`
}

type listSecretVersionIdsOutput struct {
	Versions  []versionEntry `json:"Versions"`
	NextToken string         `json:"NextToken,omitempty"`
	ARN       string         `json:"ARN"`
	Name      string         `json:"Name"`
}

func (h *handler) listSecretVersionIds(ctx context.Context, in *listSecretVersionIdsInput) (*listSecretVersionIdsOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Range("maxResults", in.MaxResults, 1, 100)
	if in.NextToken != "" {
		v.Len("nextToken", in.NextToken, 1, 4096)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	vi := secrets.VersionsInput{ID: in.SecretID, IncludeDeprecated: in.IncludeDeprecated, Token: in.NextToken}
	if in.MaxResults != nil {
		vi.Max = int(*in.MaxResults)
	}
	page, err := h.secrets.ListVersions(ctx, vi)
	if err != nil {
		return nil, err
	}
	out := &listSecretVersionIdsOutput{Versions: []versionEntry{}, NextToken: page.NextToken, ARN: page.ARN, Name: page.Name}
	for _, ver := range page.Versions {
		out.Versions = append(out.Versions, versionEntry{
			VersionID: ver.ID, VersionStages: ver.Stages, CreatedDate: awsjson.TimePtr(ver.Created), KmsKeyIDs: ver.KeyARNs,
		})
	}
	return out, nil
}
