package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getParameterHistoryInput struct {
	Name           string `json:"Name"`
	WithDecryption bool   `json:"WithDecryption"`
	MaxResults     *int64 `json:"MaxResults"`
	NextToken      string `json:"NextToken"`
}

type parameterHistory struct {
	Name             string        `json:"Name"`
	Type             string        `json:"Type"`
	KeyID            string        `json:"KeyId,omitempty"`
	LastModifiedDate *awsjson.Time `json:"LastModifiedDate,omitempty"`
	LastModifiedUser string        `json:"LastModifiedUser"`
	Description      string        `json:"Description,omitempty"`
	Value            string        `json:"Value"`
	AllowedPattern   string        `json:"AllowedPattern,omitempty"`
	Version          int64         `json:"Version"`
	Labels           []string      `json:"Labels"`
	Tier             string        `json:"Tier"`
	Policies         []policy      `json:"Policies"`
	DataType         string        `json:"DataType"`
}

type getParameterHistoryOutput struct {
	Parameters []parameterHistory `json:"Parameters"`
	NextToken  string             `json:"NextToken,omitempty"`
}

func (h *handler) getParameterHistory(ctx context.Context, in *getParameterHistoryInput) (*getParameterHistoryOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	v.Range("maxResults", in.MaxResults, 1, 50)
	if err := v.Err(); err != nil {
		return nil, err
	}
	page, err := h.params.History(ctx, params.HistoryInput{Name: in.Name, Decrypt: in.WithDecryption, Max: intOr(in.MaxResults, 50), Token: in.NextToken})
	if err != nil {
		return nil, err
	}
	out := &getParameterHistoryOutput{Parameters: make([]parameterHistory, 0, len(page.Parameters)), NextToken: page.NextToken}
	for _, p := range page.Parameters {
		labels := p.Labels
		if labels == nil {
			labels = []string{}
		}
		out.Parameters = append(out.Parameters, parameterHistory{
			Name: p.Name, Type: p.Type, KeyID: p.KeyID, LastModifiedDate: awsjson.TimePtr(p.Modified),
			LastModifiedUser: p.ModifiedUser, Description: p.Description, Value: valueOf(p),
			AllowedPattern: p.AllowedPattern, Version: p.Version, Labels: labels, Tier: p.Tier,
			Policies: policiesOf(p), DataType: p.DataType,
		})
	}
	return out, nil
}
