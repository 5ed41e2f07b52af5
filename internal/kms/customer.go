package kms

import (
	"context"
	"errors"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Create makes a customer-managed key in region. Errors: none but internal.
func (s *Service) Create(ctx context.Context, region, description string) (*Key, error) {
	var k *Key
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		var err error
		k, err = s.createTx(tx, region, ManagerCustomer, description)
		return err
	})
	return k, err
}

// CreateAlias points alias (alias/NAME) at the key that ref names. Errors:
// EInvalid for a reserved or malformed alias, EExists, EKeyInvalid.
func (s *Service) CreateAlias(ctx context.Context, region, alias, ref string) error {
	if !strings.HasPrefix(alias, "alias/") || len(alias) <= len("alias/") {
		return arca.Errorf(arca.EInvalid, "Alias must start with the prefix \"alias/\".")
	}
	if strings.HasPrefix(alias, "alias/aws/") {
		return arca.Errorf(arca.EInvalid, "Alias %s cannot start with the reserved prefix alias/aws/.", alias)
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(aliasKey(region, alias)); err == nil {
			return arca.Errorf(arca.EExists, "An alias with the name arn:aws:kms:%s:%s:%s already exists", region, s.account, alias)
		} else if !errors.Is(err, storage.ErrNotFound) {
			return arca.Internal(err)
		}
		k, err := s.ResolveTx(tx, region, ref)
		if err != nil {
			return err
		}
		return tx.Put(aliasKey(region, alias), []byte(k.ID))
	})
}

// SetEnabled enables or disables a customer key. Errors: EKeyInvalid,
// EConflict for an AWS-managed key or one pending deletion.
func (s *Service) SetEnabled(ctx context.Context, region, ref string, enabled bool) error {
	return s.store.Update(ctx, func(tx storage.Tx) error {
		k, err := s.ResolveTx(tx, region, ref)
		if err != nil {
			return err
		}
		if k.Manager == ManagerAWS {
			return arca.Errorf(arca.EConflict, "%s is an AWS managed key and cannot be modified.", k.ARN())
		}
		if k.State == StatePendingDeletion {
			return arca.Errorf(arca.EConflict, "%s is pending deletion.", k.ARN())
		}
		k.State = StateDisabled
		if enabled {
			k.State = StateEnabled
		}
		return s.save(tx, k)
	})
}

// Alias is a name that points at a key.
type Alias struct {
	Name  string // alias/NAME
	KeyID string
}

// Aliases returns the aliases in region, in name order; with id set, only
// those that point at that key.
func (s *Service) Aliases(ctx context.Context, region, id string) ([]Alias, error) {
	var out []Alias
	err := s.store.View(ctx, func(tx storage.Tx) error {
		kvs, err := tx.List([]byte("kms/"+region+"/a/"), nil, 0)
		if err != nil {
			return arca.Internal(err)
		}
		prefix := len("kms/" + region + "/a/")
		for _, kv := range kvs {
			if id == "" || string(kv.Value) == id {
				out = append(out, Alias{Name: string(kv.Key[prefix:]), KeyID: string(kv.Value)})
			}
		}
		return nil
	})
	return out, err
}
