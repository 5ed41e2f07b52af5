package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getParametersByPathInput struct {
	Path             string         `json:"Path"`
	Recursive        bool           `json:"Recursive"`
	ParameterFilters []stringFilter `json:"ParameterFilters"`
	WithDecryption   bool           `json:"WithDecryption"`
	MaxResults       *int64         `json:"MaxResults"`
	NextToken        string         `json:"NextToken"`
}

type getParametersByPathOutput struct {
	Parameters []parameter `json:"Parameters"`
	NextToken  string      `json:"NextToken,omitempty"`
}

func (h *handler) getParametersByPath(ctx context.Context, in *getParametersByPathInput) (*getParametersByPathOutput, error) {
	var v awsjson.Validator
	v.Len("path", in.Path, 1, 2048)
	v.Range("maxResults", in.MaxResults, 1, 10)
	filters := checkStringFilters(&v, in.ParameterFilters)
	if err := v.Err(); err != nil {
		return nil, err
	}
	page, err := h.params.ListByPath(ctx, params.ListInput{
		Path: in.Path, Recursive: in.Recursive, Filters: filters, Decrypt: in.WithDecryption,
		Max: intOr(in.MaxResults, 10), Token: in.NextToken,
	})
	if err != nil {
		return nil, err
	}
	out := &getParametersByPathOutput{Parameters: make([]parameter, 0, len(page.Parameters)), NextToken: page.NextToken}
	for _, p := range page.Parameters {
		out.Parameters = append(out.Parameters, toParameter(p))
	}
	return out, nil
}
