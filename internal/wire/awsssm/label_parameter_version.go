package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type labelParameterVersionInput struct {
	Name             string   `json:"Name"`
	ParameterVersion *int64   `json:"ParameterVersion"`
	Labels           []string `json:"Labels"`
}

type labelParameterVersionOutput struct {
	InvalidLabels    []string `json:"InvalidLabels"`
	ParameterVersion int64    `json:"ParameterVersion"`
}

func (h *handler) labelParameterVersion(ctx context.Context, in *labelParameterVersionInput) (*labelParameterVersionOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	v.Count("labels", len(in.Labels), 1, 10)
	for _, l := range in.Labels {
		v.Len("labels.member", l, 1, 100)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var version int64
	if in.ParameterVersion != nil {
		version = *in.ParameterVersion
	}
	applied, invalid, err := h.params.Label(ctx, in.Name, version, in.Labels)
	if err != nil {
		return nil, err
	}
	if invalid == nil {
		invalid = []string{}
	}
	return &labelParameterVersionOutput{InvalidLabels: invalid, ParameterVersion: applied}, nil
}
