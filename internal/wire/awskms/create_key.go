package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

var keySpecs = []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519"}

type createKeyInput struct {
	Policy                         *string `json:"Policy"`
	Description                    *string `json:"Description"`
	KeyUsage                       string  `json:"KeyUsage"`
	CustomerMasterKeySpec          string  `json:"CustomerMasterKeySpec"`
	KeySpec                        string  `json:"KeySpec"`
	Origin                         string  `json:"Origin"`
	CustomKeyStoreID               *string `json:"CustomKeyStoreId"`
	BypassPolicyLockoutSafetyCheck bool    `json:"BypassPolicyLockoutSafetyCheck"`
	Tags                           []tag   `json:"Tags"`
	MultiRegion                    *bool   `json:"MultiRegion"`
	XksKeyID                       *string `json:"XksKeyId"`
}

type createKeyOutput struct {
	KeyMetadata keyMetadata `json:"KeyMetadata"`
}

func (h *handler) createKey(ctx context.Context, in *createKeyInput) (*createKeyOutput, error) {
	var v awsjson.Validator
	policy := optional(&v, "policy", in.Policy, 1, 131072)
	v.Pattern("policy", policy, policyPattern)
	description := optional(&v, "description", in.Description, 0, 8192)
	v.Enum("keyUsage", in.KeyUsage, "SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT")
	v.Enum("customerMasterKeySpec", in.CustomerMasterKeySpec, keySpecs...)
	v.Enum("keySpec", in.KeySpec, keySpecs...)
	v.Enum("origin", in.Origin, "AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE")
	optional(&v, "customKeyStoreId", in.CustomKeyStoreID, 1, 64)
	optional(&v, "xksKeyId", in.XksKeyID, 1, 128)
	checkTags(&v, in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.CustomKeyStoreID != nil {
		return nil, fault("CustomKeyStoreNotFoundException", "Custom key store '"+*in.CustomKeyStoreID+"' does not exist: arca has no custom key stores.")
	}
	if (in.KeyUsage != "" && in.KeyUsage != "ENCRYPT_DECRYPT") || (in.KeySpec != "" && in.KeySpec != "SYMMETRIC_DEFAULT") ||
		(in.CustomerMasterKeySpec != "" && in.CustomerMasterKeySpec != "SYMMETRIC_DEFAULT") || (in.Origin != "" && in.Origin != "AWS_KMS") ||
		(in.MultiRegion != nil && *in.MultiRegion) || in.XksKeyID != nil {
		return nil, fault("UnsupportedOperationException", "arca supports single-Region symmetric ENCRYPT_DECRYPT keys with origin AWS_KMS only.")
	}
	tags, err := fromTags(in.Tags)
	if err != nil {
		return nil, err
	}
	k, err := h.kms.Create(ctx, region(arca.CallerFrom(ctx)), kms.CreateInput{Description: description, Policy: policy, Tags: tags, BypassLockoutCheck: in.BypassPolicyLockoutSafetyCheck})
	if err != nil {
		return nil, err
	}
	return &createKeyOutput{KeyMetadata: toMetadata(k)}, nil
}
