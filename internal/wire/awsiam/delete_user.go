package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type userNameInput struct {
	UserName string
}

func (h *handler) deleteUser(ctx context.Context, in *userNameInput) (*struct{}, error) {
	var v awsquery.Validator
	name(&v, "userName", in.UserName, 128)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "DeleteUser", "user/"+in.UserName); err != nil {
		return nil, err
	}
	return nil, h.id.DeleteUser(ctx, in.UserName)
}
