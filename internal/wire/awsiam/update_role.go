package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// UpdateRole and UpdateAssumeRolePolicy.

type updateRoleInput struct {
	RoleName           string
	Description        *string
	MaxSessionDuration *int64
	PolicyDocument     string
}

// updateRoleResult is UpdateRole's empty result element, which clients
// expect (the other updates have none).
type updateRoleResult struct{}

func (h *handler) updateRole(ctx context.Context, in *updateRoleInput) (*updateRoleResult, error) {
	var v awsquery.Validator
	name(&v, "roleName", in.RoleName, 64)
	if in.Description != nil {
		v.Len("description", *in.Description, 0, 1000)
	}
	v.Range("maxSessionDuration", in.MaxSessionDuration, identity.MinRoleSession, identity.MaxRoleSession)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "UpdateRole", "role/"+in.RoleName); err != nil {
		return nil, err
	}
	var max *int
	if in.MaxSessionDuration != nil {
		n := int(*in.MaxSessionDuration)
		max = &n
	}
	if err := h.id.UpdateRole(ctx, in.RoleName, in.Description, max); err != nil {
		return nil, err
	}
	return &updateRoleResult{}, nil
}

func (h *handler) updateAssumeRolePolicy(ctx context.Context, in *updateRoleInput) (*struct{}, error) {
	var v awsquery.Validator
	name(&v, "roleName", in.RoleName, 64)
	document(&v, "policyDocument", in.PolicyDocument)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "UpdateAssumeRolePolicy", "role/"+in.RoleName); err != nil {
		return nil, err
	}
	return nil, h.id.UpdateAssumeRolePolicy(ctx, in.RoleName, in.PolicyDocument)
}
