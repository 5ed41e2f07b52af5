package awsssm

import (
	"context"
	"fmt"

	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type parametersFilter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

type describeParametersInput struct {
	Filters          []parametersFilter `json:"Filters"`
	ParameterFilters []stringFilter     `json:"ParameterFilters"`
	MaxResults       *int64             `json:"MaxResults"`
	NextToken        string             `json:"NextToken"`
}

type parameterMetadata struct {
	Name             string        `json:"Name"`
	ARN              string        `json:"ARN"`
	Type             string        `json:"Type"`
	KeyID            string        `json:"KeyId,omitempty"`
	LastModifiedDate *awsjson.Time `json:"LastModifiedDate,omitempty"`
	LastModifiedUser string        `json:"LastModifiedUser"`
	Description      string        `json:"Description,omitempty"`
	AllowedPattern   string        `json:"AllowedPattern,omitempty"`
	Version          int64         `json:"Version"`
	Tier             string        `json:"Tier"`
	Policies         []policy      `json:"Policies"`
	DataType         string        `json:"DataType"`
}

type describeParametersOutput struct {
	Parameters []parameterMetadata `json:"Parameters"`
	NextToken  string              `json:"NextToken,omitempty"`
}

func (h *handler) describeParameters(ctx context.Context, in *describeParametersInput) (*describeParametersOutput, error) {
	var v awsjson.Validator
	v.Range("maxResults", in.MaxResults, 1, 50)
	filters := checkStringFilters(&v, in.ParameterFilters)
	for i, f := range in.Filters {
		m := fmt.Sprintf("filters.%d.member.", i+1)
		v.Required(m+"key", f.Key != "")
		v.Enum(m+"key", f.Key, "Name", "Type", "KeyId")
		v.Count(m+"values", len(f.Values), 1, 50)
		for _, val := range f.Values {
			v.Len(m+"values.member", val, 1, 1024)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(in.Filters) > 0 && len(in.ParameterFilters) > 0 {
		return nil, &awsjson.Fault{Status: 400, Code: "ValidationException", Message: "You can use either Filters or ParameterFilters in a single request, but not both."}
	}
	// The deprecated Filters: Name matches by prefix, Type and KeyId exactly.
	for _, f := range in.Filters {
		opt := "Equals"
		if f.Key == "Name" {
			opt = "BeginsWith"
		}
		filters = append(filters, params.Filter{Key: f.Key, Option: opt, Values: f.Values})
	}
	page, err := h.params.Describe(ctx, params.DescribeInput{Filters: filters, Max: intOr(in.MaxResults, 10), Token: in.NextToken})
	if err != nil {
		return nil, err
	}
	out := &describeParametersOutput{Parameters: make([]parameterMetadata, 0, len(page.Parameters)), NextToken: page.NextToken}
	for _, p := range page.Parameters {
		out.Parameters = append(out.Parameters, parameterMetadata{
			Name: p.Name, ARN: p.ARN, Type: p.Type, KeyID: p.KeyID, LastModifiedDate: awsjson.TimePtr(p.Modified),
			LastModifiedUser: p.ModifiedUser, Description: p.Description, AllowedPattern: p.AllowedPattern,
			Version: p.Version, Tier: p.Tier, Policies: policiesOf(p), DataType: p.DataType,
		})
	}
	return out, nil
}
