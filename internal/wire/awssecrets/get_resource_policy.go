package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getResourcePolicyOutput struct {
	ARN            string `json:"ARN"`
	Name           string `json:"Name"`
	ResourcePolicy string `json:"ResourcePolicy,omitempty"`
}

func (h *handler) getResourcePolicy(ctx context.Context, in *secretIDInput) (*getResourcePolicyOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	if err := v.Err(); err != nil {
		return nil, err
	}
	p, err := h.secrets.GetPolicy(ctx, in.SecretID)
	if err != nil {
		return nil, err
	}
	return &getResourcePolicyOutput{ARN: p.ARN, Name: p.Name, ResourcePolicy: p.Policy}, nil
}
