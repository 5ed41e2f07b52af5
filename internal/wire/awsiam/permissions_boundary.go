package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// PutUserPermissionsBoundary, PutRolePermissionsBoundary,
// DeleteUserPermissionsBoundary and DeleteRolePermissionsBoundary; the
// PermissionsBoundary member of CreateUser and CreateRole; the
// PermissionsBoundary element of User and Role.

type boundaryInput struct {
	UserName            string
	RoleName            string
	PermissionsBoundary string
}

type boundaryXML struct {
	PermissionsBoundaryType string `xml:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `xml:"PermissionsBoundaryArn"`
}

// toBoundary is the PermissionsBoundary element for a policy ARN; nil for
// none.
func toBoundary(policyARN string) *boundaryXML {
	if policyARN == "" {
		return nil
	}
	return &boundaryXML{PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: policyARN}
}

// boundaryARN validates an optional PermissionsBoundary member.
func boundaryARN(v *awsquery.Validator, s string) {
	if s != "" {
		v.Len("permissionsBoundary", s, 20, 2048)
	}
}

func (h *handler) putBoundary(kind identity.Kind) func(context.Context, *boundaryInput) (*struct{}, error) {
	return func(ctx context.Context, in *boundaryInput) (*struct{}, error) {
		var v awsquery.Validator
		member, n := "userName", in.UserName
		if kind == identity.KindRole {
			member, n = "roleName", in.RoleName
		}
		name(&v, member, n, 64)
		v.Required("permissionsBoundary", in.PermissionsBoundary != "")
		boundaryARN(&v, in.PermissionsBoundary)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "Put"+title(kind)+"PermissionsBoundary", string(kind)+"/"+n); err != nil {
			return nil, err
		}
		return nil, h.id.SetBoundary(ctx, kind, n, in.PermissionsBoundary)
	}
}

func (h *handler) deleteBoundary(kind identity.Kind) func(context.Context, *boundaryInput) (*struct{}, error) {
	return func(ctx context.Context, in *boundaryInput) (*struct{}, error) {
		var v awsquery.Validator
		member, n := "userName", in.UserName
		if kind == identity.KindRole {
			member, n = "roleName", in.RoleName
		}
		name(&v, member, n, 64)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "Delete"+title(kind)+"PermissionsBoundary", string(kind)+"/"+n); err != nil {
			return nil, err
		}
		return nil, h.id.SetBoundary(ctx, kind, n, "")
	}
}
