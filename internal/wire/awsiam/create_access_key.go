package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type accessKeyXML struct {
	UserName        string        `xml:"UserName"`
	AccessKeyID     string        `xml:"AccessKeyId"`
	Status          string        `xml:"Status"`
	SecretAccessKey string        `xml:"SecretAccessKey"`
	CreateDate      awsquery.Time `xml:"CreateDate"`
}

type createAccessKeyResult struct {
	AccessKey accessKeyXML `xml:"AccessKey"`
}

func (h *handler) createAccessKey(ctx context.Context, in *userNameInput) (*createAccessKeyResult, error) {
	var v awsquery.Validator
	if in.UserName != "" {
		name(&v, "userName", in.UserName, 128)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	user, err := callerUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "CreateAccessKey", "user/"+user); err != nil {
		return nil, err
	}
	k, err := h.id.CreateAccessKey(ctx, user)
	if err != nil {
		return nil, err
	}
	return &createAccessKeyResult{AccessKey: accessKeyXML{
		UserName: k.UserName, AccessKeyID: k.ID, Status: k.Status,
		SecretAccessKey: k.Secret.Reveal(), CreateDate: awsquery.Time(k.Created),
	}}, nil
}
