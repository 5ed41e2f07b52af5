package identity

import (
	"context"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// CreatePolicyVersion adds a version to a managed policy (at most five are
// kept), optionally making it the default, which applies from the next
// request on. Errors: ENotFound, EInvalid, EBadPolicy, ELimit.
func (s *Service) CreatePolicyVersion(ctx context.Context, policyARN, doc string, setDefault bool) (*PolicyVersion, error) {
	if err := s.checkManaged(doc); err != nil {
		return nil, err
	}
	var out *PolicyVersion
	err := s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		if len(p.Versions) >= maxVersions {
			return arca.Errorf(arca.ELimit, "A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", maxVersions)
		}
		now := s.now().UTC()
		v := policyVersion{ID: "v" + strconv.Itoa(p.Next), Document: doc, Created: now}
		p.Next++
		p.Versions = append(p.Versions, v)
		if setDefault {
			p.Default = v.ID
		}
		p.Updated = now
		out = &PolicyVersion{ID: v.ID, Document: doc, IsDefault: setDefault, Created: now}
		return putPolicy(tx, p)
	})
	return out, err
}

// GetPolicyVersion returns one version of a managed policy.
// Errors: ENotFound, EInvalid.
func (s *Service) GetPolicyVersion(ctx context.Context, policyARN, versionID string) (*PolicyVersion, error) {
	var out *PolicyVersion
	err := s.view(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		v := p.version(versionID)
		if v == nil {
			return noSuchVersion(policyARN, versionID)
		}
		out = &PolicyVersion{ID: v.ID, Document: v.Document, IsDefault: v.ID == p.Default, Created: v.Created}
		return nil
	})
	return out, err
}

func noSuchVersion(policyARN, versionID string) error {
	return arca.Errorf(arca.ENotFound, "Policy %s version %s does not exist or is not attachable.", policyARN, versionID)
}

// ListPolicyVersions returns a managed policy's versions, newest first.
// Errors: ENotFound, EInvalid.
func (s *Service) ListPolicyVersions(ctx context.Context, policyARN string) ([]*PolicyVersion, error) {
	var out []*PolicyVersion
	err := s.view(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		out = nil
		for i := len(p.Versions) - 1; i >= 0; i-- {
			v := p.Versions[i]
			out = append(out, &PolicyVersion{ID: v.ID, IsDefault: v.ID == p.Default, Created: v.Created})
		}
		return nil
	})
	return out, err
}

// DeletePolicyVersion deletes a version that is not the default.
// Errors: ENotFound, EInvalid, EConflict.
func (s *Service) DeletePolicyVersion(ctx context.Context, policyARN, versionID string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		if p.version(versionID) == nil {
			return noSuchVersion(policyARN, versionID)
		}
		if versionID == p.Default {
			return arca.Errorf(arca.EConflict, "Cannot delete the default version of a policy.")
		}
		for i, v := range p.Versions {
			if v.ID == versionID {
				p.Versions = append(p.Versions[:i], p.Versions[i+1:]...)
				break
			}
		}
		return putPolicy(tx, p)
	})
}

// SetDefaultPolicyVersion makes a version the default, which applies from
// the next request on. Errors: ENotFound, EInvalid.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, policyARN, versionID string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		p, err := s.getPolicy(tx, policyARN)
		if err != nil {
			return err
		}
		if p.version(versionID) == nil {
			return noSuchVersion(policyARN, versionID)
		}
		p.Default, p.Updated = versionID, s.now().UTC()
		return putPolicy(tx, p)
	})
}
