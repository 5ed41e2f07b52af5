package awskms

import (
	"context"
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type createKeyInput struct {
	Description string `json:"Description"`
	KeyUsage    string `json:"KeyUsage"`
	KeySpec     string `json:"KeySpec"`
	Origin      string `json:"Origin"`
}

type createKeyOutput struct {
	KeyMetadata keyMetadata `json:"KeyMetadata"`
}

func (h *handler) createKey(ctx context.Context, in *createKeyInput) (*createKeyOutput, error) {
	var v awsjson.Validator
	v.Len("description", in.Description, 0, 8192)
	v.Enum("keyUsage", in.KeyUsage, "ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT")
	v.Enum("origin", in.Origin, "AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if (in.KeyUsage != "" && in.KeyUsage != "ENCRYPT_DECRYPT") || (in.KeySpec != "" && in.KeySpec != "SYMMETRIC_DEFAULT") || (in.Origin != "" && in.Origin != "AWS_KMS") {
		return nil, &awsjson.Fault{Status: http.StatusBadRequest, Code: "UnsupportedOperationException", Message: "arca supports symmetric ENCRYPT_DECRYPT keys with origin AWS_KMS only."}
	}
	k, err := h.kms.Create(ctx, region(arca.CallerFrom(ctx)), in.Description)
	if err != nil {
		return nil, err
	}
	return &createKeyOutput{KeyMetadata: toMetadata(k)}, nil
}
