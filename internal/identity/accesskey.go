package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// maxKeysPerUser is IAM's quota of access keys per user.
const maxKeysPerUser = 2

// KeyInfo describes an access key; Secret is set only when the key is
// created.
type KeyInfo struct {
	ID       string
	UserName string
	Status   string
	Created  time.Time
	Secret   arca.Value
}

// CreateAccessKey creates an active access key (AKIA... and a 40-character
// secret) for a user. Errors: ENotFound, ELimit (two keys already).
func (s *Service) CreateAccessKey(ctx context.Context, userName string) (*KeyInfo, error) {
	id, secret := "AKIA"+randomString(16, upperAlnum), randomString(40, secretChars)
	var k *AccessKey
	err := s.mutate(ctx, KindUser, userName, func(tx storage.Tx, r *record) error {
		if len(r.Keys) >= maxKeysPerUser {
			return arca.Errorf(arca.ELimit, "Cannot exceed quota for AccessKeysPerUser: %d", maxKeysPerUser)
		}
		var err error
		if k, err = s.newKey(id, secret, "user", r.Name, r.ID); err != nil {
			return err
		}
		r.Keys = append(r.Keys, id)
		return putNewKey(tx, k)
	})
	if err != nil {
		return nil, err
	}
	return &KeyInfo{ID: id, UserName: k.UserName, Status: k.Status, Created: k.Created, Secret: arca.Value(secret)}, nil
}

// ListAccessKeys returns a user's access keys, without secrets.
// Errors: ENotFound.
func (s *Service) ListAccessKeys(ctx context.Context, userName string) ([]*KeyInfo, error) {
	var out []*KeyInfo
	err := s.view(ctx, func(tx storage.Tx) error {
		out = nil
		r, err := getRecord(tx, KindUser, userName)
		if err != nil {
			return err
		}
		for _, id := range r.Keys {
			k, err := getKey(tx, id)
			if err != nil {
				return err
			}
			out = append(out, &KeyInfo{ID: k.ID, UserName: r.Name, Status: k.Status, Created: k.Created})
		}
		return nil
	})
	return out, err
}

func getKey(tx storage.Tx, id string) (*AccessKey, error) {
	raw, err := tx.Get(accessKeyKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, arca.Errorf(arca.ENotFound, "The Access Key with id %s cannot be found.", id)
	}
	if err != nil {
		return nil, err
	}
	k := new(AccessKey)
	if err := json.Unmarshal(raw, k); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode access key %s: %w", id, err))
	}
	return k, nil
}

// userKey reads a user's key, which must belong to the user.
func userKey(tx storage.Tx, userName, id string) (*record, *AccessKey, error) {
	r, err := getRecord(tx, KindUser, userName)
	if err != nil {
		return nil, nil, err
	}
	if !slices.Contains(r.Keys, id) {
		return nil, nil, arca.Errorf(arca.ENotFound, "The Access Key with id %s cannot be found.", id)
	}
	k, err := getKey(tx, id)
	return r, k, err
}

// UpdateAccessKey sets a user's key Active or Inactive; an inactive key is
// refused from the next request on. Errors: ENotFound, EInvalid.
func (s *Service) UpdateAccessKey(ctx context.Context, userName, id, status string) error {
	if status != StatusActive && status != StatusInactive {
		return arca.Errorf(arca.EInvalid, "Status must be Active or Inactive.")
	}
	return s.update(ctx, func(tx storage.Tx) error {
		_, k, err := userKey(tx, userName, id)
		if err != nil {
			return err
		}
		k.Status = status
		return putKey(tx, k)
	})
}

// DeleteAccessKey deletes a user's key; it is refused from the next request
// on. Errors: ENotFound.
func (s *Service) DeleteAccessKey(ctx context.Context, userName, id string) error {
	defer s.lastUsed.Delete(id)
	return s.update(ctx, func(tx storage.Tx) error {
		r, _, err := userKey(tx, userName, id)
		if err != nil {
			return err
		}
		r.Keys = slices.DeleteFunc(r.Keys, func(k string) bool { return k == id })
		if err := tx.Delete(accessKeyKey(id)); err != nil {
			return err
		}
		if err := tx.Delete(lastUsedKey(id)); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
}

// KeyOwner returns the user name of a user's access key ("" for a root
// key). Errors: ENotFound.
func (s *Service) KeyOwner(ctx context.Context, id string) (string, error) {
	var owner string
	err := s.view(ctx, func(tx storage.Tx) error {
		k, err := getKey(tx, id)
		if err == nil {
			owner = k.UserName
		}
		return err
	})
	return owner, err
}
