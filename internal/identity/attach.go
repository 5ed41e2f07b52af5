package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// maxAttached is IAM's default quota of managed policies per entity.
const maxAttached = 10

// AttachedPolicy names a managed policy attached to an entity.
type AttachedPolicy struct {
	Name, ARN string
}

// attachKey indexes an attachment by policy, for ListEntitiesForPolicy,
// AttachmentCount and DeletePolicy's check.
func attachKey(policy string, kind Kind, entity string) []byte {
	return []byte(attachPrefix(policy) + string(kind) + "/" + strings.ToLower(entity))
}

func attachPrefix(policy string) string { return "iam/attach/" + strings.ToLower(policy) + "/" }

func attachmentCount(tx storage.Tx, policy string) (int, error) {
	kvs, err := tx.List([]byte(attachPrefix(policy)), nil, 0)
	return len(kvs), err
}

// AttachPolicy attaches a managed policy to a user, group or role;
// attaching it again changes nothing. It applies from the next request on.
// Errors: ENotFound, EInvalid, ELimit.
func (s *Service) AttachPolicy(ctx context.Context, kind Kind, entity, policyARN string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		r, err := getRecord(tx, kind, entity)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(r.Attached, func(a attachment) bool { return strings.EqualFold(a.Name, p.Name) }) {
			return nil
		}
		if len(r.Attached) >= maxAttached {
			return arca.Errorf(arca.ELimit, "Cannot exceed quota for PoliciesPer%s: %d", titleKind(kind), maxAttached)
		}
		r.Attached = append(r.Attached, attachment{Name: p.Name, ARN: s.policyARN(p.Path, p.Name)})
		if err := tx.Put(attachKey(p.Name, kind, r.Name), []byte(r.Name)); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
}

// DetachPolicy detaches a managed policy; it stops applying on the next
// request. Errors: ENotFound, EInvalid.
func (s *Service) DetachPolicy(ctx context.Context, kind Kind, entity, policyARN string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		r, err := getRecord(tx, kind, entity)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(r.Attached, func(a attachment) bool { return strings.EqualFold(a.Name, p.Name) })
		if i < 0 {
			return arca.Errorf(arca.ENotFound, "Policy %s was not found.", policyARN)
		}
		r.Attached = slices.Delete(r.Attached, i, i+1)
		if err := tx.Delete(attachKey(p.Name, kind, r.Name)); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
}

// AttachedPolicies returns the managed policies attached to an entity
// whose path starts with pathPrefix. Errors: ENotFound.
func (s *Service) AttachedPolicies(ctx context.Context, kind Kind, entity, pathPrefix string) ([]AttachedPolicy, error) {
	r, err := s.get(ctx, kind, entity)
	if err != nil {
		return nil, err
	}
	var out []AttachedPolicy
	for _, a := range r.Attached {
		if pa, ok := arca.ParseARN(a.ARN); ok && strings.HasPrefix(strings.TrimPrefix(pa.Resource, "policy"), pathPrefix) {
			out = append(out, AttachedPolicy(a))
		}
	}
	return out, nil
}

// PolicyEntity is a user, group or role a managed policy is attached to.
type PolicyEntity struct {
	Kind     Kind
	Name, ID string
}

// EntitiesForPolicy returns the entities a managed policy is attached to,
// users first, then groups, then roles, each by name.
// Errors: ENotFound, EInvalid.
func (s *Service) EntitiesForPolicy(ctx context.Context, policyARN string) ([]PolicyEntity, error) {
	var out []PolicyEntity
	err := s.view(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		out = nil
		kvs, err := tx.List([]byte(attachPrefix(p.Name)), nil, 0)
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			kind := Kind(strings.SplitN(strings.TrimPrefix(string(kv.Key), attachPrefix(p.Name)), "/", 2)[0])
			r, err := getRecord(tx, kind, string(kv.Value))
			if err != nil {
				return err
			}
			out = append(out, PolicyEntity{Kind: kind, Name: r.Name, ID: r.ID})
		}
		return nil
	})
	order := map[Kind]int{KindUser: 0, KindGroup: 1, KindRole: 2}
	slices.SortStableFunc(out, func(a, b PolicyEntity) int { return order[a.Kind] - order[b.Kind] })
	return out, err
}

// ListPolicies returns a page of customer managed policies whose path
// starts with pathPrefix (only the attached ones with onlyAttached), by
// name. Errors: EBadToken.
func (s *Service) ListPolicies(ctx context.Context, pathPrefix string, onlyAttached bool, marker string, max int) ([]*ManagedPolicy, string, error) {
	prefix := []byte("iam/policy/")
	after, err := decodeMarker(prefix, marker)
	if err != nil {
		return nil, "", err
	}
	limit := pageSize(max)
	var out []*ManagedPolicy
	next := ""
	err = s.view(ctx, func(tx storage.Tx) error {
		out, next = nil, ""
		kvs, err := tx.List(prefix, after, 0)
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			p := new(policyRecord)
			if err := json.Unmarshal(kv.Value, p); err != nil {
				return arca.Internal(fmt.Errorf("decode %s: %w", kv.Key, err))
			}
			m, err := s.managed(tx, p)
			if err != nil {
				return err
			}
			if !strings.HasPrefix(p.Path, pathPrefix) || onlyAttached && m.AttachmentCount == 0 {
				continue
			}
			if len(out) == limit {
				next = encodeMarker(after)
				return nil
			}
			out = append(out, m)
			after = kv.Key
		}
		return nil
	})
	return out, next, err
}
