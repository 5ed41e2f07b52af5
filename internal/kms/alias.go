package kms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Alias is a name that points at a key.
type Alias struct {
	Name    string    `json:"-"` // alias/NAME
	KeyID   string    `json:"key"`
	Created time.Time `json:"created,omitzero"`
	Updated time.Time `json:"updated,omitzero"`
}

// getAlias reads an alias; storage.ErrNotFound when absent. Records written
// before aliases had dates hold the bare key id.
func (s *Service) getAlias(tx storage.Tx, region, name string) (Alias, error) {
	raw, err := tx.Get(aliasKey(region, name))
	if err != nil {
		return Alias{}, err
	}
	return decodeAlias(name, raw)
}

func decodeAlias(name string, raw []byte) (Alias, error) {
	a := Alias{Name: name}
	if !bytes.HasPrefix(raw, []byte("{")) {
		a.KeyID = string(raw)
		return a, nil
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return Alias{}, arca.Internal(fmt.Errorf("decode alias %s: %w", name, err))
	}
	return a, nil
}

func (s *Service) putAlias(tx storage.Tx, region string, a Alias) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return arca.Internal(err)
	}
	if err := tx.Put(aliasKey(region, a.Name), raw); err != nil {
		return arca.Internal(err)
	}
	return nil
}

// aliasesOf returns the aliases of region in name order; with id set, only
// those that point at that key.
func (s *Service) aliasesOf(tx storage.Tx, region, id string) ([]Alias, error) {
	kvs, err := tx.List(aliasPrefix(region), nil, 0)
	if err != nil {
		return nil, arca.Internal(err)
	}
	var out []Alias
	for _, kv := range kvs {
		a, err := decodeAlias(string(kv.Key[len(aliasPrefix(region)):]), kv.Value)
		if err != nil {
			return nil, err
		}
		if id == "" || a.KeyID == id {
			out = append(out, a)
		}
	}
	return out, nil
}

// checkAliasName enforces the rules every alias name follows. Errors:
// EInvalid.
func checkAliasName(alias string) error {
	if !strings.HasPrefix(alias, "alias/") || len(alias) <= len("alias/") {
		return arca.Errorf(arca.EInvalid, "Alias must start with the prefix \"alias/\".")
	}
	return nil
}

// reservedAlias reports whether alias is in AWS's reserved namespace.
func reservedAlias(alias string) bool { return strings.HasPrefix(alias, "alias/aws/") }

// aliasTarget resolves the key an alias is to point at: a customer key (by
// key id or key ARN) that is not pending deletion.
func (s *Service) aliasTarget(ctx context.Context, tx storage.Tx, region, ref, action string) (*Key, error) {
	k, err := s.resolve(tx, region, ref, false)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, ""); err != nil {
		return nil, err
	}
	if err := denyManaged(ctx, k, action); err != nil {
		return nil, err
	}
	if err := notPendingDeletion(k); err != nil {
		return nil, err
	}
	return k, nil
}

func (s *Service) aliasDenied(ctx context.Context, region, alias, action string) error {
	principal := rootARN(region, s.account)
	if c := arca.CallerFrom(ctx); c != nil && c.ARN != "" {
		principal = c.ARN
	}
	return arca.Errorf(arca.EDenied, "User: %s is not authorized to perform: kms:%s on resource: %s because the alias/aws/ prefix is reserved for AWS managed keys", principal, action, arca.ARN("kms", region, s.account, alias, false))
}

func (s *Service) aliasMissing(region, alias string) error {
	return arca.Errorf(arca.ENotFound, "Alias %s is not found.", arca.ARN("kms", region, s.account, alias, false))
}

// CreateAlias points alias (alias/NAME) at the customer key that ref (a key
// id or key ARN) names. Errors: EInvalid for a malformed or reserved name,
// EExists, EKeyInvalid, EDenied for an AWS-managed key, EConflict for a key
// pending deletion.
func (s *Service) CreateAlias(ctx context.Context, region, alias, ref string) error {
	if err := checkAliasName(alias); err != nil {
		return err
	}
	if reservedAlias(alias) {
		return arca.Errorf(arca.EInvalid, "Alias %s cannot start with the reserved prefix alias/aws/.", alias)
	}
	if err := s.authorize(ctx, arca.ARN("kms", region, s.account, alias, false)); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(aliasKey(region, alias)); err == nil {
			return arca.Errorf(arca.EExists, "An alias with the name %s already exists", arca.ARN("kms", region, s.account, alias, false))
		} else if !errors.Is(err, storage.ErrNotFound) {
			return arca.Internal(err)
		}
		k, err := s.aliasTarget(ctx, tx, region, ref, "CreateAlias")
		if err != nil {
			return err
		}
		now := s.now().UTC()
		return s.putAlias(tx, region, Alias{Name: alias, KeyID: k.ID, Created: now, Updated: now})
	})
}

// UpdateAlias points an existing alias at another customer key. Errors:
// EInvalid for a malformed name, EDenied for a reserved alias or an
// AWS-managed key, ENotFound for an absent alias, EKeyInvalid, EConflict for
// a key pending deletion.
func (s *Service) UpdateAlias(ctx context.Context, region, alias, ref string) error {
	if err := checkAliasName(alias); err != nil {
		return err
	}
	if reservedAlias(alias) {
		return s.aliasDenied(ctx, region, alias, "UpdateAlias")
	}
	if err := s.authorize(ctx, arca.ARN("kms", region, s.account, alias, false)); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		a, err := s.getAlias(tx, region, alias)
		if errors.Is(err, storage.ErrNotFound) {
			return s.aliasMissing(region, alias)
		} else if err != nil {
			return arca.Internal(err)
		}
		k, err := s.aliasTarget(ctx, tx, region, ref, "UpdateAlias")
		if err != nil {
			return err
		}
		a.KeyID, a.Updated = k.ID, s.now().UTC()
		return s.putAlias(tx, region, a)
	})
}

// DeleteAlias removes an alias; its key is unaffected. Errors: EInvalid for
// a malformed name, EDenied for a reserved alias, ENotFound.
func (s *Service) DeleteAlias(ctx context.Context, region, alias string) error {
	if err := checkAliasName(alias); err != nil {
		return err
	}
	if reservedAlias(alias) {
		return s.aliasDenied(ctx, region, alias, "DeleteAlias")
	}
	if err := s.authorize(ctx, arca.ARN("kms", region, s.account, alias, false)); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		if _, err := tx.Get(aliasKey(region, alias)); errors.Is(err, storage.ErrNotFound) {
			return s.aliasMissing(region, alias)
		} else if err != nil {
			return arca.Internal(err)
		}
		if err := tx.Delete(aliasKey(region, alias)); err != nil {
			return arca.Internal(err)
		}
		return nil
	})
}

// AliasPage is one page of a listing of aliases.
type AliasPage struct {
	Aliases []Alias
	Next    string // the marker of the next page; "" on the last page
}

// Aliases returns up to limit aliases of region in name order after marker
// (an AliasPage.Next, or ""); with ref set (a key id or key ARN), only the
// aliases of that key. Errors: EKeyInvalid, EBadToken.
func (s *Service) Aliases(ctx context.Context, region, ref, marker string, limit int) (*AliasPage, error) {
	after, err := decodeMarker("a", marker)
	if err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	if err := s.authorize(ctx, "*"); err != nil {
		return nil, err
	}
	out := &AliasPage{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		out.Aliases, out.Next = []Alias{}, ""
		id := ""
		if ref != "" {
			k, err := s.resolve(tx, region, ref, false)
			if err != nil {
				return err
			}
			id = k.ID
		}
		all, err := s.aliasesOf(tx, region, id)
		if err != nil {
			return err
		}
		for _, a := range all {
			if after != "" && a.Name <= after {
				continue
			}
			if len(out.Aliases) == limit {
				out.Next = encodeMarker("a", out.Aliases[limit-1].Name)
				break
			}
			out.Aliases = append(out.Aliases, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
