package awskms

import (
	"context"
	"encoding/json"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type generateRandomInput struct {
	NumberOfBytes    *int64          `json:"NumberOfBytes"`
	CustomKeyStoreID *string         `json:"CustomKeyStoreId"`
	Recipient        json.RawMessage `json:"Recipient"`
}

type generateRandomOutput struct {
	Plaintext []byte `json:"Plaintext"`
}

func (h *handler) generateRandom(ctx context.Context, in *generateRandomInput) (*generateRandomOutput, error) {
	var v awsjson.Validator
	v.Required("numberOfBytes", in.NumberOfBytes != nil)
	v.Range("numberOfBytes", in.NumberOfBytes, 1, 1024)
	optional(&v, "customKeyStoreId", in.CustomKeyStoreID, 1, 64)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.CustomKeyStoreID != nil {
		return nil, fault("CustomKeyStoreNotFoundException", "Custom key store '"+*in.CustomKeyStoreID+"' does not exist: arca has no custom key stores.")
	}
	if err := unsupportedRecipient(len(in.Recipient) > 0 && string(in.Recipient) != "null"); err != nil {
		return nil, err
	}
	b, err := h.kms.GenerateRandomFor(ctx, int(*in.NumberOfBytes))
	if err != nil {
		return nil, err
	}
	return &generateRandomOutput{Plaintext: []byte(b)}, nil
}
