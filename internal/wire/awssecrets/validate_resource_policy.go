package awssecrets

import (
	"context"

	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type validateResourcePolicyInput struct {
	SecretID       string `json:"SecretId"`
	ResourcePolicy string `json:"ResourcePolicy"`
}

type validationError struct {
	CheckName    string `json:"CheckName"`
	ErrorMessage string `json:"ErrorMessage"`
}

type validateResourcePolicyOutput struct {
	PolicyValidationPassed bool              `json:"PolicyValidationPassed"`
	ValidationErrors       []validationError `json:"ValidationErrors"`
}

func (h *handler) validateResourcePolicy(ctx context.Context, in *validateResourcePolicyInput) (*validateResourcePolicyOutput, error) {
	var v awsjson.Validator
	if in.SecretID != "" {
		v.Len("secretId", in.SecretID, 1, 2048)
	}
	v.Required("resourcePolicy", in.ResourcePolicy != "")
	v.SecretLen("resourcePolicy", len([]rune(in.ResourcePolicy)), 0, secrets.MaxPolicySize)
	if err := v.Err(); err != nil {
		return nil, err
	}
	problems, err := h.secrets.ValidatePolicy(ctx, in.SecretID, in.ResourcePolicy)
	if err != nil {
		return nil, err
	}
	out := &validateResourcePolicyOutput{PolicyValidationPassed: len(problems) == 0, ValidationErrors: []validationError{}}
	for _, p := range problems {
		out.ValidationErrors = append(out.ValidationErrors, validationError{CheckName: p.Check, ErrorMessage: p.Message})
	}
	return out, nil
}
