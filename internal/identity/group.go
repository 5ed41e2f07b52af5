package identity

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// maxGroupsPerUser is IAM's quota of groups a user may belong to.
const maxGroupsPerUser = 10

// Group is an IAM group as the dialects show it.
type Group struct {
	Name    string
	ID      string // AGPA...
	Path    string
	ARN     string
	Created time.Time
}

func (s *Service) group(r *record) *Group {
	return &Group{Name: r.Name, ID: r.ID, Path: r.Path, ARN: s.arn(r), Created: r.Created}
}

// CreateGroup creates a group. Errors: EExists.
func (s *Service) CreateGroup(ctx context.Context, name, path string) (*Group, error) {
	r, err := s.newRecord(KindGroup, name, path, nil)
	if err != nil {
		return nil, err
	}
	if err := s.update(ctx, func(tx storage.Tx) error { return createRecord(tx, r) }); err != nil {
		return nil, err
	}
	return s.group(r), nil
}

// GetGroup returns a group and its members, by name. Errors: ENotFound.
func (s *Service) GetGroup(ctx context.Context, name string) (*Group, []*User, error) {
	var g *Group
	var users []*User
	err := s.view(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, KindGroup, name)
		if err != nil {
			return err
		}
		g, users = s.group(r), nil
		for _, m := range r.Members {
			u, err := getRecord(tx, KindUser, m)
			if err != nil {
				return err
			}
			users = append(users, s.user(u))
		}
		return nil
	})
	slices.SortFunc(users, func(a, b *User) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return g, users, err
}

// ListGroups returns a page of groups (see ListUsers). Errors: EBadToken.
func (s *Service) ListGroups(ctx context.Context, pathPrefix, marker string, max int) ([]*Group, string, error) {
	rs, next, err := s.list(ctx, KindGroup, pathPrefix, marker, max)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Group, len(rs))
	for i, r := range rs {
		out[i] = s.group(r)
	}
	return out, next, nil
}

// DeleteGroup deletes a group without members or policies.
// Errors: ENotFound, EConflict.
func (s *Service) DeleteGroup(ctx context.Context, name string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, KindGroup, name)
		if err != nil {
			return err
		}
		switch {
		case len(r.Members) > 0:
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must remove users from group first.")
		case len(r.Inline) > 0:
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must delete policies first.")
		case len(r.Attached) > 0:
			return arca.Errorf(arca.EConflict, "Cannot delete entity, must detach all policies first.")
		}
		return tx.Delete(entityKey(KindGroup, name))
	})
}

// AddUserToGroup makes a user a member of a group; adding a member again
// changes nothing. Errors: ENotFound, ELimit.
func (s *Service) AddUserToGroup(ctx context.Context, groupName, userName string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		g, u, err := groupAndUser(tx, groupName, userName)
		if err != nil {
			return err
		}
		if containsFold(u.Groups, g.Name) {
			return nil
		}
		if len(u.Groups) >= maxGroupsPerUser {
			return arca.Errorf(arca.ELimit, "Cannot exceed quota for GroupsPerUser: %d", maxGroupsPerUser)
		}
		u.Groups = append(u.Groups, g.Name)
		g.Members = append(g.Members, u.Name)
		if err := putRecord(tx, u); err != nil {
			return err
		}
		return putRecord(tx, g)
	})
}

// RemoveUserFromGroup ends a membership. Errors: ENotFound (also when the
// user is not a member).
func (s *Service) RemoveUserFromGroup(ctx context.Context, groupName, userName string) error {
	return s.update(ctx, func(tx storage.Tx) error {
		g, u, err := groupAndUser(tx, groupName, userName)
		if err != nil {
			return err
		}
		if !containsFold(u.Groups, g.Name) {
			return arca.Errorf(arca.ENotFound, "The user with name %s cannot be found in group %s.", userName, groupName)
		}
		u.Groups = deleteFold(u.Groups, g.Name)
		g.Members = deleteFold(g.Members, u.Name)
		if err := putRecord(tx, u); err != nil {
			return err
		}
		return putRecord(tx, g)
	})
}

// GroupsForUser returns the groups of a user. Errors: ENotFound.
func (s *Service) GroupsForUser(ctx context.Context, userName string) ([]*Group, error) {
	var out []*Group
	err := s.view(ctx, func(tx storage.Tx) error {
		u, err := getRecord(tx, KindUser, userName)
		if err != nil {
			return err
		}
		out = nil
		for _, name := range u.Groups {
			g, err := getRecord(tx, KindGroup, name)
			if err != nil {
				return err
			}
			out = append(out, s.group(g))
		}
		return nil
	})
	return out, err
}

func groupAndUser(tx storage.Tx, groupName, userName string) (*record, *record, error) {
	g, err := getRecord(tx, KindGroup, groupName)
	if err != nil {
		return nil, nil, err
	}
	u, err := getRecord(tx, KindUser, userName)
	return g, u, err
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

func deleteFold(list []string, s string) []string {
	return slices.DeleteFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
