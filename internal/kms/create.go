package kms

import (
	"context"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// CreateInput is what a new customer key may be given.
type CreateInput struct {
	Description string
	Policy      string // "" = DefaultPolicy
	// BypassLockoutCheck skips the lockout safety check of Policy (see
	// PutPolicy), as BypassPolicyLockoutSafetyCheck does.
	BypassLockoutCheck bool
	Tags               []Tag // at most MaxTags, keys unique
}

// Create makes a customer-managed symmetric key in region, enabled, with
// one version of fresh material. Errors: EBadPolicy or ELimit for the
// policy, ETagLimit past MaxTags tags.
func (s *Service) Create(ctx context.Context, region string, in CreateInput) (*Key, error) {
	if err := s.authorize(withTags(ctx, in.Tags), "*"); err != nil {
		return nil, err
	}
	check := in.Policy != "" && !in.BypassLockoutCheck // the default policy needs no check
	if in.Policy == "" {
		in.Policy = DefaultPolicy(region, s.account)
	} else if err := ValidatePolicy(in.Policy); err != nil {
		return nil, err
	}
	tags, err := mergeTags(nil, in.Tags)
	if err != nil {
		return nil, err
	}
	in.Tags = tags
	var k *Key
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		var err error
		if k, err = s.createTx(tx, region, ManagerCustomer, in); err != nil {
			return err
		}
		if check {
			// The key's ARN is known only now; failing here rolls the
			// creation back.
			return s.checkLockout(ctx, k, in.Policy)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Describe returns the key that ref names — a key id, key ARN, alias name or
// alias ARN — creating an AWS-managed key on first use as AWS does.
// Errors: EKeyInvalid.
func (s *Service) Describe(ctx context.Context, region, ref string) (*Key, error) {
	var out *Key
	err := s.view(ctx, region, ref, true, func(_ storage.Tx, k *Key) error {
		out = k
		return nil
	})
	return out, err
}

// KeyPage is one page of a listing of keys.
type KeyPage struct {
	Keys []*Key
	Next string // the marker of the next page; "" on the last page
}

// List returns up to limit keys of region in key id order, starting after
// marker (a KeyPage.Next; "" for the first page). Keys whose deletion date
// has passed are gone. Errors: EBadToken for a marker that this listing did
// not issue.
func (s *Service) List(ctx context.Context, region, marker string, limit int) (*KeyPage, error) {
	after, err := decodeMarker("k", marker)
	if err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	if err := s.authorize(ctx, "*"); err != nil {
		return nil, err
	}
	out := &KeyPage{}
	err = s.store.View(ctx, func(tx storage.Tx) error {
		out.Keys = out.Keys[:0]
		var start []byte
		if after != "" {
			start = keyKey(region, after)
		}
		for {
			kvs, err := tx.List(keyPrefix(region), start, limit+1)
			if err != nil {
				return arca.Internal(err)
			}
			for _, kv := range kvs {
				start = kv.Key
				id := string(kv.Key[len(keyPrefix(region)):])
				k, err := s.decode(region, id, kv.Value)
				if err != nil {
					return err
				}
				if k.State == StatePendingDeletion && !s.now().Before(k.DeletionDate) {
					continue
				}
				out.Keys = append(out.Keys, k)
			}
			if len(out.Keys) > limit || len(kvs) < limit+1 {
				return nil
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if len(out.Keys) > limit {
		out.Keys = out.Keys[:limit]
		out.Next = encodeMarker("k", out.Keys[limit-1].ID)
	}
	return out, nil
}

// mergeTags applies add to tags (same key: the value is replaced) and keeps
// them sorted by key. Errors: ETagLimit past MaxTags.
func mergeTags(tags, add []Tag) ([]Tag, error) {
	out := slices.Clone(tags)
	for _, t := range add {
		i, found := slices.BinarySearchFunc(out, t.Key, func(e Tag, k string) int { return strings.Compare(e.Key, k) })
		if found {
			out[i].Value = t.Value
		} else {
			out = slices.Insert(out, i, t)
		}
	}
	if len(out) > MaxTags {
		return nil, arca.Errorf(arca.ETagLimit, "A KMS key can have at most %d tags; this request would give it %d.", MaxTags, len(out))
	}
	return out, nil
}
