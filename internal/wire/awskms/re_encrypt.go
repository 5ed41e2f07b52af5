package awskms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type reEncryptInput struct {
	CiphertextBlob                 []byte            `json:"CiphertextBlob"`
	SourceEncryptionContext        map[string]string `json:"SourceEncryptionContext"`
	SourceKeyID                    *string           `json:"SourceKeyId"`
	DestinationKeyID               *string           `json:"DestinationKeyId"`
	DestinationEncryptionContext   map[string]string `json:"DestinationEncryptionContext"`
	SourceEncryptionAlgorithm      string            `json:"SourceEncryptionAlgorithm"`
	DestinationEncryptionAlgorithm string            `json:"DestinationEncryptionAlgorithm"`
	GrantTokens                    []string          `json:"GrantTokens"`
	DryRun                         bool              `json:"DryRun"`
}

type reEncryptOutput struct {
	CiphertextBlob                 []byte `json:"CiphertextBlob"`
	SourceKeyID                    string `json:"SourceKeyId"`
	KeyID                          string `json:"KeyId"`
	SourceEncryptionAlgorithm      string `json:"SourceEncryptionAlgorithm"`
	DestinationEncryptionAlgorithm string `json:"DestinationEncryptionAlgorithm"`
	SourceKeyMaterialID            string `json:"SourceKeyMaterialId"`
	DestinationKeyMaterialID       string `json:"DestinationKeyMaterialId"`
}

func (h *handler) reEncrypt(ctx context.Context, in *reEncryptInput) (*reEncryptOutput, error) {
	var v awsjson.Validator
	ciphertextBlob(&v, "ciphertextBlob", in.CiphertextBlob)
	src := optional(&v, "sourceKeyId", in.SourceKeyID, 1, 2048)
	dst := keyID(&v, "destinationKeyId", in.DestinationKeyID)
	algorithm(&v, "sourceEncryptionAlgorithm", in.SourceEncryptionAlgorithm)
	algorithm(&v, "destinationEncryptionAlgorithm", in.DestinationEncryptionAlgorithm)
	grantTokens(&v, in.GrantTokens)
	if err := validate(&v, src, dst); err != nil {
		return nil, err
	}
	if err := symmetricOnly(in.SourceEncryptionAlgorithm); err != nil {
		return nil, err
	}
	if err := symmetricOnly(in.DestinationEncryptionAlgorithm); err != nil {
		return nil, err
	}
	r, err := h.kms.ReEncrypt(ctx, region(arca.CallerFrom(ctx)), kms.ReEncryptInput{
		Blob: in.CiphertextBlob, SourceContext: in.SourceEncryptionContext, SourceRef: src,
		DestRef: dst, DestContext: in.DestinationEncryptionContext,
	})
	if err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, dryRun()
	}
	return &reEncryptOutput{
		CiphertextBlob: r.Blob, SourceKeyID: r.Source.ARN(), KeyID: r.Key.ARN(),
		SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT", DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
		SourceKeyMaterialID: r.Source.MaterialID(r.SourceVersion), DestinationKeyMaterialID: r.Key.MaterialID(r.Version),
	}, nil
}
