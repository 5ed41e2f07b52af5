package awskms

import (
	"context"
	"encoding/json"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type decryptInput struct {
	CiphertextBlob      []byte            `json:"CiphertextBlob"`
	EncryptionContext   map[string]string `json:"EncryptionContext"`
	GrantTokens         []string          `json:"GrantTokens"`
	KeyID               *string           `json:"KeyId"`
	EncryptionAlgorithm string            `json:"EncryptionAlgorithm"`
	Recipient           json.RawMessage   `json:"Recipient"`
	DryRun              bool              `json:"DryRun"`
}

type decryptOutput struct {
	KeyID               string `json:"KeyId"`
	Plaintext           []byte `json:"Plaintext"`
	EncryptionAlgorithm string `json:"EncryptionAlgorithm"`
	KeyMaterialID       string `json:"KeyMaterialId"`
}

// ciphertextBlob checks a CiphertextType member without echoing it.
func ciphertextBlob(v *awsjson.Validator, member string, blob []byte) {
	v.Required(member, blob != nil)
	if blob != nil {
		v.SecretLen(member, len(blob), 1, 6144)
	}
}

func (h *handler) decrypt(ctx context.Context, in *decryptInput) (*decryptOutput, error) {
	var v awsjson.Validator
	ciphertextBlob(&v, "ciphertextBlob", in.CiphertextBlob)
	grantTokens(&v, in.GrantTokens)
	ref := optional(&v, "keyId", in.KeyID, 1, 2048)
	algorithm(&v, "encryptionAlgorithm", in.EncryptionAlgorithm)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	if err := symmetricOnly(in.EncryptionAlgorithm); err != nil {
		return nil, err
	}
	if err := unsupportedRecipient(len(in.Recipient) > 0 && string(in.Recipient) != "null"); err != nil {
		return nil, err
	}
	opened, err := h.kms.Decrypt(ctx, region(arca.CallerFrom(ctx)), in.CiphertextBlob, in.EncryptionContext, ref)
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		opened.Plaintext.Zero()
		return nil, dryRun()
	}
	return &decryptOutput{
		KeyID: opened.Key.ARN(), Plaintext: []byte(opened.Plaintext), EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
		KeyMaterialID: opened.Key.MaterialID(opened.Version),
	}, nil
}
