package awskms

import (
	"context"
	"encoding/json"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type generateDataKeyInput struct {
	KeyID             *string           `json:"KeyId"`
	EncryptionContext map[string]string `json:"EncryptionContext"`
	NumberOfBytes     *int64            `json:"NumberOfBytes"`
	KeySpec           string            `json:"KeySpec"`
	GrantTokens       []string          `json:"GrantTokens"`
	Recipient         json.RawMessage   `json:"Recipient"`
	DryRun            bool              `json:"DryRun"`
}

type generateDataKeyOutput struct {
	CiphertextBlob []byte `json:"CiphertextBlob"`
	Plaintext      []byte `json:"Plaintext,omitempty"`
	KeyID          string `json:"KeyId"`
	KeyMaterialID  string `json:"KeyMaterialId"`
}

// dataKeySize returns the size in bytes that KeySpec or NumberOfBytes —
// exactly one of them, already validated — asks for.
func dataKeySize(spec string, n *int64) (int, error) {
	switch {
	case spec != "" && n != nil:
		return 0, fault("ValidationException", "Specify either KeySpec or NumberOfBytes, not both.")
	case spec == "AES_256":
		return 32, nil
	case spec == "AES_128":
		return 16, nil
	case n != nil:
		return int(*n), nil
	}
	return 0, fault("ValidationException", "Please specify either number of bytes or key spec.")
}

// dataKey is GenerateDataKey with or without the plaintext in the answer.
func (h *handler) dataKey(ctx context.Context, in *generateDataKeyInput, withPlaintext bool) (*generateDataKeyOutput, error) {
	var v awsjson.Validator
	ref := keyID(&v, "keyId", in.KeyID)
	v.Range("numberOfBytes", in.NumberOfBytes, 1, 1024)
	v.Enum("keySpec", in.KeySpec, "AES_256", "AES_128")
	grantTokens(&v, in.GrantTokens)
	if err := validate(&v, ref); err != nil {
		return nil, err
	}
	size, err := dataKeySize(in.KeySpec, in.NumberOfBytes)
	if err != nil {
		return nil, err
	}
	if err := unsupportedRecipient(len(in.Recipient) > 0 && string(in.Recipient) != "null"); err != nil {
		return nil, err
	}
	dk, err := h.kms.GenerateDataKey(ctx, region(arca.CallerFrom(ctx)), ref, size, in.EncryptionContext)
	if err != nil {
		return nil, err
	}
	if in.DryRun || !withPlaintext {
		dk.Plaintext.Zero()
	}
	if in.DryRun {
		return nil, dryRun()
	}
	out := &generateDataKeyOutput{CiphertextBlob: dk.Blob, KeyID: dk.Key.ARN(), KeyMaterialID: dk.Key.MaterialID(dk.Version)}
	if withPlaintext {
		out.Plaintext = []byte(dk.Plaintext)
	}
	return out, nil
}

func (h *handler) generateDataKey(ctx context.Context, in *generateDataKeyInput) (*generateDataKeyOutput, error) {
	return h.dataKey(ctx, in, true)
}
