package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type deleteParametersInput struct {
	Names []string `json:"Names"`
}

type deleteParametersOutput struct {
	DeletedParameters []string `json:"DeletedParameters"`
	InvalidParameters []string `json:"InvalidParameters"`
}

func (h *handler) deleteParameters(ctx context.Context, in *deleteParametersInput) (*deleteParametersOutput, error) {
	var v awsjson.Validator
	v.Count("names", len(in.Names), 1, 10)
	for _, n := range in.Names {
		v.Len("names.member", n, 1, 2048)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	deleted, invalid, err := h.params.DeleteMany(ctx, in.Names)
	if err != nil {
		return nil, err
	}
	if deleted == nil {
		deleted = []string{}
	}
	if invalid == nil {
		invalid = []string{}
	}
	return &deleteParametersOutput{DeletedParameters: deleted, InvalidParameters: invalid}, nil
}
