package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type unlabelParameterVersionInput struct {
	Name             string   `json:"Name"`
	ParameterVersion *int64   `json:"ParameterVersion"`
	Labels           []string `json:"Labels"`
}

type unlabelParameterVersionOutput struct {
	RemovedLabels []string `json:"RemovedLabels"`
	InvalidLabels []string `json:"InvalidLabels"`
}

func (h *handler) unlabelParameterVersion(ctx context.Context, in *unlabelParameterVersionInput) (*unlabelParameterVersionOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	v.Required("parameterVersion", in.ParameterVersion != nil)
	v.Count("labels", len(in.Labels), 1, 10)
	for _, l := range in.Labels {
		v.Len("labels.member", l, 1, 100)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	removed, invalid, err := h.params.Unlabel(ctx, in.Name, *in.ParameterVersion, in.Labels)
	if err != nil {
		return nil, err
	}
	if removed == nil {
		removed = []string{}
	}
	if invalid == nil {
		invalid = []string{}
	}
	return &unlabelParameterVersionOutput{RemovedLabels: removed, InvalidLabels: invalid}, nil
}
