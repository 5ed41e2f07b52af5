package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// CreateRole, GetRole, ListRoles and DeleteRole.

type createRoleInput struct {
	RoleName                 string
	Path                     string
	AssumeRolePolicyDocument string
	Description              string
	MaxSessionDuration       *int64
	PermissionsBoundary      string
	Tags                     []tagIn
}

type roleResult struct {
	Role roleXML `xml:"Role"`
}

func (h *handler) createRole(ctx context.Context, in *createRoleInput) (*roleResult, error) {
	var v awsquery.Validator
	name(&v, "roleName", in.RoleName, 64)
	path(&v, "path", in.Path)
	document(&v, "assumeRolePolicyDocument", in.AssumeRolePolicyDocument)
	v.Len("description", in.Description, 0, 1000)
	v.Range("maxSessionDuration", in.MaxSessionDuration, identity.MinRoleSession, identity.MaxRoleSession)
	boundaryARN(&v, in.PermissionsBoundary)
	tags := tagsIn(&v, in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "CreateRole", "role/"+in.RoleName); err != nil {
		return nil, err
	}
	if in.PermissionsBoundary != "" {
		if err := h.allow(ctx, "PutRolePermissionsBoundary", "role/"+in.RoleName); err != nil {
			return nil, err
		}
	}
	r, err := h.id.CreateRole(ctx, identity.RoleInput{
		Name: in.RoleName, Path: in.Path, TrustPolicy: in.AssumeRolePolicyDocument, Description: in.Description,
		MaxSessionDuration: maxItems(in.MaxSessionDuration), Tags: tags, PermissionsBoundary: in.PermissionsBoundary,
	})
	if err != nil {
		return nil, err
	}
	return &roleResult{Role: toRole(r)}, nil
}

type roleNameInput struct {
	RoleName string
}

func (h *handler) getRole(ctx context.Context, in *roleNameInput) (*roleResult, error) {
	var v awsquery.Validator
	name(&v, "roleName", in.RoleName, 64)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "GetRole", "role/"+in.RoleName); err != nil {
		return nil, err
	}
	r, err := h.id.GetRole(ctx, in.RoleName)
	if err != nil {
		return nil, err
	}
	return &roleResult{Role: toRole(r)}, nil
}

type listRolesResult struct {
	Roles awsquery.List[roleXML] `xml:"Roles"`
	page
}

func (h *handler) listRoles(ctx context.Context, in *listInput) (*listRolesResult, error) {
	var v awsquery.Validator
	prefix(&v, in.PathPrefix)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListRoles", "role/"); err != nil {
		return nil, err
	}
	rs, next, err := h.id.ListRoles(ctx, in.PathPrefix, in.Marker, maxItems(in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &listRolesResult{Roles: awsquery.List[roleXML]{}, page: pageOf(next)}
	for _, r := range rs {
		x := toRole(r)
		x.Tags = nil // ListRoles does not return tags
		out.Roles = append(out.Roles, x)
	}
	return out, nil
}

func (h *handler) deleteRole(ctx context.Context, in *roleNameInput) (*struct{}, error) {
	var v awsquery.Validator
	name(&v, "roleName", in.RoleName, 64)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "DeleteRole", "role/"+in.RoleName); err != nil {
		return nil, err
	}
	return nil, h.id.DeleteRole(ctx, in.RoleName)
}
