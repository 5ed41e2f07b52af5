package kms

import (
	"time"

	"github.com/arca-vault/arca"
)

// Key states, as AWS names them.
const (
	StateEnabled         = "Enabled"
	StateDisabled        = "Disabled"
	StatePendingDeletion = "PendingDeletion"
)

// Key managers: who owns a key.
const (
	ManagerAWS      = "AWS"      // created by a service on first use (alias/aws/...)
	ManagerCustomer = "CUSTOMER" // created by a user
)

// Key is the metadata of a KMS key. It never contains key material.
type Key struct {
	ID              string    `json:"id"`
	Region          string    `json:"region"`
	Account         string    `json:"account"`
	Description     string    `json:"description,omitempty"`
	Manager         string    `json:"manager"`
	State           string    `json:"state"`
	Created         time.Time `json:"created"`
	DeletionDate    time.Time `json:"deletionDate,omitzero"`
	RotationEnabled bool      `json:"rotationEnabled,omitempty"`
	Current         uint32    `json:"current"` // the version that seals new data
	Versions        []Version `json:"versions"`
}

// Version is one generation of a key's material, wrapped by the root key.
type Version struct {
	Number  uint32    `json:"n"`
	Wrapped []byte    `json:"wrapped"`
	Created time.Time `json:"created"`
}

// ARN returns the key's ARN.
func (k *Key) ARN() string {
	return arca.ARN("kms", k.Region, k.Account, "key/"+k.ID, false)
}

// Usable reports an error unless the key may encrypt and decrypt now.
func (k *Key) Usable() error {
	switch k.State {
	case StateEnabled:
		return nil
	case StateDisabled:
		return arca.Errorf(arca.EKeyDisabled, "%s is disabled.", k.ARN())
	default:
		return arca.Errorf(arca.EKeyDisabled, "%s is pending deletion.", k.ARN())
	}
}
