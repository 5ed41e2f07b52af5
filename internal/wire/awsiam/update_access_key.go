package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type accessKeyInput struct {
	UserName    string
	AccessKeyID string `query:"AccessKeyId"`
	Status      string
}

func (h *handler) keyInput(ctx context.Context, action string, in *accessKeyInput, v *awsquery.Validator) (string, error) {
	if in.UserName != "" {
		name(v, "userName", in.UserName, 128)
	}
	v.Required("accessKeyId", in.AccessKeyID != "")
	if in.AccessKeyID != "" {
		v.Len("accessKeyId", in.AccessKeyID, 16, 128)
		v.Pattern("accessKeyId", in.AccessKeyID, keyIDPattern)
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	user, err := callerUser(ctx, in.UserName)
	if err != nil {
		return "", err
	}
	return user, h.allow(ctx, action, "user/"+user)
}

func (h *handler) updateAccessKey(ctx context.Context, in *accessKeyInput) (*struct{}, error) {
	var v awsquery.Validator
	v.Required("status", in.Status != "")
	v.Enum("status", in.Status, "Active", "Inactive")
	user, err := h.keyInput(ctx, "UpdateAccessKey", in, &v)
	if err != nil {
		return nil, err
	}
	return nil, h.id.UpdateAccessKey(ctx, user, in.AccessKeyID, in.Status)
}

func (h *handler) deleteAccessKey(ctx context.Context, in *accessKeyInput) (*struct{}, error) {
	var v awsquery.Validator
	user, err := h.keyInput(ctx, "DeleteAccessKey", in, &v)
	if err != nil {
		return nil, err
	}
	return nil, h.id.DeleteAccessKey(ctx, user, in.AccessKeyID)
}
