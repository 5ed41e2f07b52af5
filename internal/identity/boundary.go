package identity

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// A permissions boundary is a managed policy set on a user or role that
// caps what its identity policies grant (authz.Set.Boundary). The record
// keeps the policy's ARN; an index under "iam/boundary/<policy>/" lets
// DeletePolicy refuse a policy in use as one and GetPolicy count them
// (PermissionsBoundaryUsageCount).

func boundaryPrefix(policy string) string { return "iam/boundary/" + strings.ToLower(policy) + "/" }

func boundaryKey(policy string, kind Kind, entity string) []byte {
	return []byte(boundaryPrefix(policy) + string(kind) + "/" + strings.ToLower(entity))
}

func boundaryCount(tx storage.Tx, policy string) (int, error) {
	kvs, err := tx.List([]byte(boundaryPrefix(policy)), nil, 0)
	return len(kvs), err
}

// SetBoundary sets the permissions boundary of a user or role to the
// customer managed policy policyARN, replacing any; "" removes it (removing
// none is no error). It applies from the next request on.
// Errors: ENotFound (the entity or the policy), EInvalid (the ARN, or a
// group).
func (s *Service) SetBoundary(ctx context.Context, kind Kind, entity, policyARN string) error {
	if kind != KindUser && kind != KindRole {
		return arca.Errorf(arca.EInvalid, "Only users and roles have permissions boundaries.")
	}
	return s.update(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, kind, entity)
		if err != nil {
			return err
		}
		if err := s.setBoundary(tx, r, policyARN); err != nil {
			return err
		}
		return putRecord(tx, r)
	})
}

// setBoundary changes r's boundary and the index; the caller saves r.
func (s *Service) setBoundary(tx storage.Tx, r *record, policyARN string) error {
	if r.Boundary != "" {
		if old, ok := arca.ParseARN(r.Boundary); ok {
			name := old.Resource[strings.LastIndexByte(old.Resource, '/')+1:]
			if err := tx.Delete(boundaryKey(name, r.Kind, r.Name)); err != nil {
				return err
			}
		}
		r.Boundary = ""
	}
	if policyARN == "" {
		return nil
	}
	p, err := s.getPolicy(tx, policyARN)
	if err != nil {
		return err
	}
	r.Boundary = s.policyARN(p.Path, p.Name)
	return tx.Put(boundaryKey(p.Name, r.Kind, r.Name), []byte(r.Name))
}

// boundaryPolicy appends the compiled default version of r's boundary, if
// it has one, to out.
func (s *Service) boundaryPolicy(tx storage.Tx, r *record, out *Policies) error {
	if r.Boundary == "" {
		return nil
	}
	mp, err := s.readPolicy(tx, r.Boundary)
	if err != nil {
		return err
	}
	p, err := s.docs.get([]byte(mp.version(mp.Default).Document), DocIdentity, r.Boundary)
	if err != nil {
		return arca.Internal(err)
	}
	out.Boundary = append(out.Boundary, p)
	return nil
}

// createBoundary sets the boundary of r, just created, and saves r again.
func (s *Service) createBoundary(tx storage.Tx, r *record, policyARN string) error {
	if policyARN == "" {
		return nil
	}
	if err := s.setBoundary(tx, r, policyARN); err != nil {
		return err
	}
	return putRecord(tx, r)
}
