package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type batchGetSecretValueInput struct {
	SecretIDList []string `json:"SecretIdList"`
	Filters      []filter `json:"Filters"`
	MaxResults   *int64   `json:"MaxResults"`
	NextToken    string   `json:"NextToken"`
}

type apiError struct {
	SecretID  string `json:"SecretId"`
	ErrorCode string `json:"ErrorCode"`
	Message   string `json:"Message"`
}

type batchGetSecretValueOutput struct {
	SecretValues []*secretValue `json:"SecretValues"`
	Errors       []apiError     `json:"Errors"`
	NextToken    string         `json:"NextToken,omitempty"`
}

func (h *handler) batchGetSecretValue(ctx context.Context, in *batchGetSecretValueInput) (*batchGetSecretValueOutput, error) {
	var v awsjson.Validator
	if in.SecretIDList != nil {
		v.Count("secretIdList", len(in.SecretIDList), 1, secrets.MaxBatch)
		for _, id := range in.SecretIDList {
			v.Len("secretIdList.member", id, 1, 2048)
		}
	}
	checkFilters(&v, in.Filters)
	v.Range("maxResults", in.MaxResults, 1, secrets.MaxBatch)
	if in.NextToken != "" {
		v.Len("nextToken", in.NextToken, 1, 4096)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	bi := secrets.BatchInput{IDs: in.SecretIDList, Filters: fromFilters(in.Filters), Token: in.NextToken}
	if in.MaxResults != nil {
		bi.Max = int(*in.MaxResults)
	}
	res, err := h.secrets.BatchGet(ctx, bi)
	if err != nil {
		return nil, err
	}
	out := &batchGetSecretValueOutput{SecretValues: []*secretValue{}, Errors: []apiError{}, NextToken: res.NextToken}
	for _, sv := range res.Values {
		out.SecretValues = append(out.SecretValues, toSecretValue(sv))
	}
	for _, e := range res.Errors {
		f := mapError(e.Err)
		out.Errors = append(out.Errors, apiError{SecretID: e.ID, ErrorCode: f.Code, Message: f.Message})
	}
	return out, nil
}

// Wipe implements awsjson.Wiper: the opened binary values are zeroed once
// the answer is out (the strings, encoded by reflection, cannot be).
func (o *batchGetSecretValueOutput) Wipe() {
	for _, v := range o.SecretValues {
		v.Wipe()
	}
}
