package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type deleteParameterInput struct {
	Name string `json:"Name"`
}

type deleteParameterOutput struct{}

func (h *handler) deleteParameter(ctx context.Context, in *deleteParameterInput) (*deleteParameterOutput, error) {
	var v awsjson.Validator
	v.Len("name", in.Name, 1, 2048)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.params.Delete(ctx, in.Name); err != nil {
		return nil, err
	}
	return &deleteParameterOutput{}, nil
}
