package awskms

import (
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// keyMetadata is KMS's KeyMetadata shape for a symmetric key.
type keyMetadata struct {
	AWSAccountID                string        `json:"AWSAccountId"`
	KeyID                       string        `json:"KeyId"`
	Arn                         string        `json:"Arn"`
	CreationDate                awsjson.Time  `json:"CreationDate"`
	Enabled                     bool          `json:"Enabled"`
	Description                 string        `json:"Description"`
	KeyUsage                    string        `json:"KeyUsage"`
	KeyState                    string        `json:"KeyState"`
	DeletionDate                *awsjson.Time `json:"DeletionDate,omitempty"`
	PendingDeletionWindowInDays int           `json:"PendingDeletionWindowInDays,omitempty"`
	Origin                      string        `json:"Origin"`
	KeyManager                  string        `json:"KeyManager"`
	CustomerMasterKeySpec       string        `json:"CustomerMasterKeySpec"`
	KeySpec                     string        `json:"KeySpec"`
	EncryptionAlgorithms        []string      `json:"EncryptionAlgorithms"`
	MultiRegion                 bool          `json:"MultiRegion"`
	CurrentKeyMaterialID        string        `json:"CurrentKeyMaterialId,omitempty"`
}

func toMetadata(k *kms.Key) keyMetadata {
	return keyMetadata{
		AWSAccountID: k.Account, KeyID: k.ID, Arn: k.ARN(), CreationDate: awsjson.Time(k.Created),
		Enabled: k.State == kms.StateEnabled, Description: k.Description, KeyUsage: "ENCRYPT_DECRYPT",
		KeyState: k.State, DeletionDate: awsjson.TimePtr(k.DeletionDate), PendingDeletionWindowInDays: k.PendingWindowDays,
		Origin: "AWS_KMS", KeyManager: k.Manager, CustomerMasterKeySpec: "SYMMETRIC_DEFAULT", KeySpec: "SYMMETRIC_DEFAULT",
		EncryptionAlgorithms: []string{"SYMMETRIC_DEFAULT"}, CurrentKeyMaterialID: k.MaterialID(k.Current),
	}
}
