package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type encryptInput struct {
	KeyID               *string           `json:"KeyId"`
	Plaintext           []byte            `json:"Plaintext"`
	EncryptionContext   map[string]string `json:"EncryptionContext"`
	GrantTokens         []string          `json:"GrantTokens"`
	EncryptionAlgorithm string            `json:"EncryptionAlgorithm"`
	DryRun              bool              `json:"DryRun"`
}

type encryptOutput struct {
	CiphertextBlob      []byte `json:"CiphertextBlob"`
	KeyID               string `json:"KeyId"`
	EncryptionAlgorithm string `json:"EncryptionAlgorithm"`
}

func (h *handler) encrypt(ctx context.Context, in *encryptInput) (*encryptOutput, error) {
	plaintext := arca.Value(in.Plaintext)
	defer plaintext.Zero()
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Required("plaintext", in.Plaintext != nil)
	if in.Plaintext != nil {
		v.SecretLen("plaintext", len(in.Plaintext), 1, 4096)
	}
	grantTokens(&v, in.GrantTokens)
	algorithm(&v, "encryptionAlgorithm", in.EncryptionAlgorithm)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	if err := symmetricOnly(in.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	sealed, err := h.kms.Encrypt(ctx, region(arca.CallerFrom(ctx)), ref, plaintext, in.EncryptionContext)
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, dryRun()
	}
	return &encryptOutput{CiphertextBlob: sealed.Blob, KeyID: sealed.Key.ARN(), EncryptionAlgorithm: "SYMMETRIC_DEFAULT"}, nil
}
