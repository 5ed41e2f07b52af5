package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type putResourcePolicyInput struct {
	SecretID          string `json:"SecretId"`
	ResourcePolicy    string `json:"ResourcePolicy"`
	BlockPublicPolicy bool   `json:"BlockPublicPolicy"`
}

func (h *handler) putResourcePolicy(ctx context.Context, in *putResourcePolicyInput) (*refOutput, error) {
	var v awsjson.Validator
	secretID(&v, in.SecretID)
	v.Required("resourcePolicy", in.ResourcePolicy != "")
	v.SecretLen("resourcePolicy", len([]rune(in.ResourcePolicy)), 0, secrets.MaxPolicySize)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ref, err := h.secrets.PutPolicy(ctx, in.SecretID, in.ResourcePolicy, in.BlockPublicPolicy)
	if err != nil {
		return nil, err
	}
	return &refOutput{ARN: ref.ARN, Name: ref.Name}, nil
}
