package identity

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// User is an IAM user as the dialects show it.
type User struct {
	Name    string
	ID      string // AIDA...
	Path    string
	ARN     string
	Created time.Time
	Tags    []Tag
	// PermissionsBoundary is the ARN of the boundary policy; "" = none.
	PermissionsBoundary string
}

func (s *Service) user(r *record) *User {
	return &User{Name: r.Name, ID: r.ID, Path: r.Path, ARN: s.arn(r), Created: r.Created, Tags: r.Tags, PermissionsBoundary: r.Boundary}
}

// maxTags is IAM's limit of tags per user or role.
const maxTags = 50

// CreateUser creates a user with path ("" means "/") and tags.
// Errors: EExists, ETagLimit.
func (s *Service) CreateUser(ctx context.Context, name, path string, tags []Tag) (*User, error) {
	return s.CreateUserWithBoundary(ctx, name, path, "", tags)
}

// CreateUserWithBoundary is CreateUser with a permissions boundary (a
// customer managed policy's ARN; "" = none). Errors: those of CreateUser,
// ENotFound and EInvalid for the boundary.
func (s *Service) CreateUserWithBoundary(ctx context.Context, name, path, boundary string, tags []Tag) (*User, error) {
	r, err := s.newRecord(KindUser, name, path, tags)
	if err != nil {
		return nil, err
	}
	if err := s.update(ctx, func(tx storage.Tx) error {
		if err := createRecord(tx, r); err != nil {
			return err
		}
		return s.createBoundary(tx, r, boundary)
	}); err != nil {
		return nil, err
	}
	return s.user(r), nil
}

func (s *Service) newRecord(kind Kind, name, path string, tags []Tag) (*record, error) {
	if path == "" {
		path = "/"
	}
	r := &record{Kind: kind, Name: name, ID: newID(idPrefix(kind)), Path: path, Created: s.now().UTC()}
	if err := mergeTags(r, tags); err != nil {
		return nil, err
	}
	return r, nil
}

// GetUser returns a user. Errors: ENotFound.
func (s *Service) GetUser(ctx context.Context, name string) (*User, error) {
	r, err := s.get(ctx, KindUser, name)
	if err != nil {
		return nil, err
	}
	return s.user(r), nil
}

func (s *Service) get(ctx context.Context, kind Kind, name string) (*record, error) {
	var r *record
	err := s.view(ctx, func(tx storage.Tx) error {
		var err error
		r, err = getRecord(tx, kind, name)
		return err
	})
	return r, err
}

// ListUsers returns the users whose path starts with pathPrefix, by name,
// up to max (0: 100) after marker, and the marker of the next page ("" at
// the end). Errors: EBadToken.
func (s *Service) ListUsers(ctx context.Context, pathPrefix, marker string, max int) ([]*User, string, error) {
	rs, next, err := s.list(ctx, KindUser, pathPrefix, marker, max)
	if err != nil {
		return nil, "", err
	}
	out := make([]*User, len(rs))
	for i, r := range rs {
		out[i] = s.user(r)
	}
	return out, next, nil
}

// DeleteUser deletes a user that has no access keys, policies or group
// memberships left, as IAM requires. Errors: ENotFound, EConflict.
func (s *Service) DeleteUser(ctx context.Context, name string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, KindUser, name)
		if err != nil {
			return err
		}
		if len(r.Keys) > 0 || len(r.Inline) > 0 || len(r.Attached) > 0 || len(r.Groups) > 0 {
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must %s first.", conflictStep(r))
		}
		if err := s.setBoundary(tx, r, ""); err != nil {
			return err
		}
		return tx.Delete(entityKey(KindUser, name))
	})
}

func conflictStep(r *record) string {
	switch {
	case len(r.Keys) > 0:
		return "delete access keys"
	case len(r.Inline) > 0:
		return "delete policies"
	case len(r.Attached) > 0:
		return "detach all policies"
	case len(r.Groups) > 0:
		return "remove users from group"
	}
	return "remove users from group"
}

// TagEntity adds or replaces tags on a user or role. Errors: ENotFound,
// ETagLimit.
func (s *Service) TagEntity(ctx context.Context, kind Kind, name string, tags []Tag) error {
	return s.mutate(ctx, kind, name, func(_ storage.Tx, r *record) error { return mergeTags(r, tags) })
}

// UntagEntity removes the tags with the given keys from a user or role.
// Errors: ENotFound.
func (s *Service) UntagEntity(ctx context.Context, kind Kind, name string, keys []string) error {
	return s.mutate(ctx, kind, name, func(_ storage.Tx, r *record) error {
		r.Tags = slices.DeleteFunc(r.Tags, func(t Tag) bool {
			return slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, t.Key) })
		})
		return nil
	})
}

// EntityTags returns the tags of a user or role. Errors: ENotFound.
func (s *Service) EntityTags(ctx context.Context, kind Kind, name string) ([]Tag, error) {
	r, err := s.get(ctx, kind, name)
	if err != nil {
		return nil, err
	}
	return r.Tags, nil
}

// mergeTags sets tags on r; tag keys compare without regard to case, as in
// IAM. Errors: ETagLimit.
func mergeTags(r *record, tags []Tag) error {
	for _, t := range tags {
		i := slices.IndexFunc(r.Tags, func(o Tag) bool { return strings.EqualFold(o.Key, t.Key) })
		if i >= 0 {
			r.Tags[i] = t
		} else {
			r.Tags = append(r.Tags, t)
		}
	}
	if len(r.Tags) > maxTags {
		return arca.Errorf(arca.ETagLimit, "The number of tags has reached the maximum limit.")
	}
	return nil
}
