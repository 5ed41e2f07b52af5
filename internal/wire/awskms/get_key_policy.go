package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type getKeyPolicyInput struct {
	KeyID      *string `json:"KeyId"`
	PolicyName *string `json:"PolicyName"`
}

type getKeyPolicyOutput struct {
	Policy     string `json:"Policy"`
	PolicyName string `json:"PolicyName"`
}

// policyName checks an optional PolicyNameType member.
func policyName(v *awsjson.Validator, s *string) string {
	name := optional(v, "policyName", s, 1, 128)
	v.Pattern("policyName", name, policyNamePattern)
	return name
}

func (h *handler) getKeyPolicy(ctx context.Context, in *getKeyPolicyInput) (*getKeyPolicyOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	name := policyName(&v, in.PolicyName)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	doc, err := h.kms.GetPolicy(ctx, region(arca.CallerFrom(ctx)), ref, name)
	if err != nil {
		return nil, err
	}
	return &getKeyPolicyOutput{Policy: doc, PolicyName: kms.PolicyName}, nil
}
