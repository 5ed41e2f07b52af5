package kms

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
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

// Rotation types of a key version, as AWS names them.
const (
	RotationAutomatic = "AUTOMATIC"
	RotationOnDemand  = "ON_DEMAND"
)

// Key is the metadata of a KMS key. It never contains key material in the
// clear: each version's material is wrapped by the root key.
type Key struct {
	ID          string    `json:"id"`
	Region      string    `json:"region"`
	Account     string    `json:"account"`
	Description string    `json:"description,omitempty"`
	Manager     string    `json:"manager"`
	State       string    `json:"state"`
	Created     time.Time `json:"created"`
	Policy      string    `json:"policy,omitempty"` // "" = the default policy for the manager
	Tags        []Tag     `json:"tags,omitempty"`   // sorted by key

	// Deletion: set while State is PendingDeletion.
	DeletionDate      time.Time `json:"deletionDate,omitzero"`
	PendingWindowDays int       `json:"pendingWindowDays,omitempty"`

	// Automatic rotation. RotationBasis is when the current schedule began
	// (rotation enabled, or the last automatic rotation); NextRotation is
	// RotationBasis + RotationPeriodDays. The scheduler that acts on
	// NextRotation arrives with the rotation issue.
	RotationEnabled    bool      `json:"rotationEnabled,omitempty"`
	RotationPeriodDays int       `json:"rotationPeriodDays,omitempty"`
	RotationBasis      time.Time `json:"rotationBasis,omitzero"`
	NextRotation       time.Time `json:"nextRotation,omitzero"`

	Current  uint32    `json:"current"` // the version that seals new data
	Versions []Version `json:"versions"`
}

// Version is one generation of a key's material, wrapped by the root key.
type Version struct {
	Number   uint32    `json:"n"`
	Wrapped  []byte    `json:"wrapped"`
	Created  time.Time `json:"created"`
	Rotation string    `json:"rotation,omitempty"` // "" for the first version, else RotationAutomatic or RotationOnDemand
}

// ARN returns the key's ARN.
func (k *Key) ARN() string {
	return arca.ARN("kms", k.Region, k.Account, "key/"+k.ID, false)
}

// MaterialID returns the public identifier of version n's key material:
// 64 hex digits derived from the key id and version, never from the
// material itself.
func (k *Key) MaterialID(n uint32) string {
	sum := sha256.Sum256([]byte("arca-kms-material\x00" + k.ID + "\x00" + strconv.FormatUint(uint64(n), 10)))
	return hex.EncodeToString(sum[:])
}

// Usable reports an error unless the key may encrypt and decrypt now. It is
// the check of SealTx and OpenTx: EKeyDisabled for a disabled key and for
// one pending deletion alike.
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

// usableKMS is the check of the KMS cryptographic operations, which tell the
// two states apart as AWS does: EKeyDisabled for a disabled key, EConflict
// for one pending deletion.
func (k *Key) usableKMS() error {
	switch k.State {
	case StateEnabled:
		return nil
	case StateDisabled:
		return arca.Errorf(arca.EKeyDisabled, "%s is disabled.", k.ARN())
	default:
		return pendingDeletion(k)
	}
}

// notPendingDeletion reports EConflict when k is pending deletion.
func notPendingDeletion(k *Key) error {
	if k.State == StatePendingDeletion {
		return pendingDeletion(k)
	}
	return nil
}

func pendingDeletion(k *Key) error {
	return arca.Errorf(arca.EConflict, "%s is pending deletion.", k.ARN())
}

// version returns version n of k, or nil.
func (k *Key) version(n uint32) *Version {
	for i := range k.Versions {
		if k.Versions[i].Number == n {
			return &k.Versions[i]
		}
	}
	return nil
}

// clone returns a copy of k that shares no slices with it.
func (k *Key) clone() *Key {
	c := *k
	c.Tags = append([]Tag(nil), k.Tags...)
	c.Versions = append([]Version(nil), k.Versions...)
	return &c
}
