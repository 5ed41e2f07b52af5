package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type putKeyPolicyInput struct {
	KeyID                          *string `json:"KeyId"`
	PolicyName                     *string `json:"PolicyName"`
	Policy                         *string `json:"Policy"`
	BypassPolicyLockoutSafetyCheck bool    `json:"BypassPolicyLockoutSafetyCheck"`
}

// putKeyPolicy stores the document, which every later use of the key is
// evaluated against, after AWS's lockout safety check (skipped with
// BypassPolicyLockoutSafetyCheck).
func (h *handler) putKeyPolicy(ctx context.Context, in *putKeyPolicyInput) (*empty, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	name := policyName(&v, in.PolicyName)
	doc := required(&v, "policy", in.Policy, 1, 131072)
	v.Pattern("policy", doc, policyPattern)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	return &empty{}, h.kms.PutPolicyBypass(ctx, region(arca.CallerFrom(ctx)), ref, name, doc, in.BypassPolicyLockoutSafetyCheck)
}
