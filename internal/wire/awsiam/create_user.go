package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type createUserInput struct {
	UserName            string
	Path                string
	PermissionsBoundary string
	Tags                []tagIn
}

type userResult struct {
	User userXML `xml:"User"`
}

func (h *handler) createUser(ctx context.Context, in *createUserInput) (*userResult, error) {
	var v awsquery.Validator
	name(&v, "userName", in.UserName, 64)
	path(&v, "path", in.Path)
	boundaryARN(&v, in.PermissionsBoundary)
	tags := tagsIn(&v, in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "CreateUser", "user/"+in.UserName); err != nil {
		return nil, err
	}
	if in.PermissionsBoundary != "" {
		// As in IAM: setting a boundary at creation also needs the
		// permission to set one.
		if err := h.allow(ctx, "PutUserPermissionsBoundary", "user/"+in.UserName); err != nil {
			return nil, err
		}
	}
	u, err := h.id.CreateUserWithBoundary(ctx, in.UserName, in.Path, in.PermissionsBoundary, tags)
	if err != nil {
		return nil, err
	}
	return &userResult{User: toUser(u)}, nil
}
