package identity

import (
	"context"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Role session limits, in seconds: MaxSessionDuration lies in
// [MinRoleSession, MaxRoleSession] and defaults to DefaultRoleSession.
const (
	MinRoleSession     = 3600
	MaxRoleSession     = 43200
	DefaultRoleSession = 3600
)

// Role is an IAM role as the dialects show it.
type Role struct {
	Name               string
	ID                 string // AROA...
	Path               string
	ARN                string
	Created            time.Time
	TrustPolicy        string // the AssumeRolePolicyDocument, as given
	Description        string
	MaxSessionDuration int // seconds
	Tags               []Tag
	// PermissionsBoundary is the ARN of the boundary policy; "" = none.
	PermissionsBoundary string
}

func (s *Service) role(r *record) *Role {
	return &Role{
		Name: r.Name, ID: r.ID, Path: r.Path, ARN: s.arn(r), Created: r.Created, TrustPolicy: r.Trust,
		Description: r.Description, MaxSessionDuration: r.MaxSession, Tags: r.Tags,
		PermissionsBoundary: r.Boundary,
	}
}

// RoleInput is what CreateRole needs; MaxSessionDuration 0 means the
// default (3600 s).
type RoleInput struct {
	Name, Path, TrustPolicy, Description string
	MaxSessionDuration                   int
	Tags                                 []Tag
	// PermissionsBoundary is a customer managed policy's ARN; "" = none.
	PermissionsBoundary string
}

// CreateRole creates a role after validating its trust policy.
// Errors: EExists, EBadPolicy, EInvalid, ETagLimit.
func (s *Service) CreateRole(ctx context.Context, in RoleInput) (*Role, error) {
	if err := s.checkPolicy([]byte(in.TrustPolicy), DocTrust); err != nil {
		return nil, err
	}
	max := in.MaxSessionDuration
	if max == 0 {
		max = DefaultRoleSession
	}
	if err := checkMaxSession(max); err != nil {
		return nil, err
	}
	r, err := s.newRecord(KindRole, in.Name, in.Path, in.Tags)
	if err != nil {
		return nil, err
	}
	r.Trust, r.Description, r.MaxSession = in.TrustPolicy, in.Description, max
	if err := s.update(ctx, func(tx storage.Tx) error {
		if err := createRecord(tx, r); err != nil {
			return err
		}
		return s.createBoundary(tx, r, in.PermissionsBoundary)
	}); err != nil {
		return nil, err
	}
	return s.role(r), nil
}

func checkMaxSession(n int) error {
	if n < MinRoleSession || n > MaxRoleSession {
		return arca.Errorf(arca.EInvalid, "The requested MaxSessionDuration %d is outside [%d, %d] seconds.", n, MinRoleSession, MaxRoleSession)
	}
	return nil
}

// GetRole returns a role. Errors: ENotFound.
func (s *Service) GetRole(ctx context.Context, name string) (*Role, error) {
	r, err := s.get(ctx, KindRole, name)
	if err != nil {
		return nil, err
	}
	return s.role(r), nil
}

// ListRoles returns a page of roles (see ListUsers). Errors: EBadToken.
func (s *Service) ListRoles(ctx context.Context, pathPrefix, marker string, max int) ([]*Role, string, error) {
	rs, next, err := s.list(ctx, KindRole, pathPrefix, marker, max)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Role, len(rs))
	for i, r := range rs {
		out[i] = s.role(r)
	}
	return out, next, nil
}

// DeleteRole deletes a role without policies. Its sessions stop working on
// their next request (they name the role's id, which no role has any more).
// Errors: ENotFound, EConflict.
func (s *Service) DeleteRole(ctx context.Context, name string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, KindRole, name)
		if err != nil {
			return err
		}
		switch {
		case len(r.Inline) > 0:
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must delete policies first.")
		case len(r.Attached) > 0:
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must detach all policies first.")
		}
		if err := s.setBoundary(tx, r, ""); err != nil {
			return err
		}
		return tx.Delete(entityKey(KindRole, name))
	})
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
// Errors: ENotFound, EBadPolicy.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, name, doc string) error {
	if err := s.checkPolicy([]byte(doc), DocTrust); err != nil {
		return err
	}
	return s.mutate(ctx, KindRole, name, func(_ storage.Tx, r *record) error {
		r.Trust = doc
		return nil
	})
}

// UpdateRole changes a role's description and maximum session duration
// (nil: unchanged). Errors: ENotFound, EInvalid.
func (s *Service) UpdateRole(ctx context.Context, name string, description *string, maxSession *int) error {
	if maxSession != nil {
		if err := checkMaxSession(*maxSession); err != nil {
			return err
		}
	}
	return s.mutate(ctx, KindRole, name, func(_ storage.Tx, r *record) error {
		if description != nil {
			r.Description = *description
		}
		if maxSession != nil {
			r.MaxSession = *maxSession
		}
		return nil
	})
}
