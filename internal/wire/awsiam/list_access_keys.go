package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type listAccessKeysInput struct {
	UserName string
	Marker   string
	MaxItems *int64
}

type accessKeyMetadataXML struct {
	UserName    string        `xml:"UserName"`
	AccessKeyID string        `xml:"AccessKeyId"`
	Status      string        `xml:"Status"`
	CreateDate  awsquery.Time `xml:"CreateDate"`
}

type listAccessKeysResult struct {
	AccessKeyMetadata awsquery.List[accessKeyMetadataXML] `xml:"AccessKeyMetadata"`
	page
}

func (h *handler) listAccessKeys(ctx context.Context, in *listAccessKeysInput) (*listAccessKeysResult, error) {
	var v awsquery.Validator
	if in.UserName != "" {
		name(&v, "userName", in.UserName, 128)
	}
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	user, err := callerUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListAccessKeys", "user/"+user); err != nil {
		return nil, err
	}
	ks, err := h.id.ListAccessKeys(ctx, user)
	if err != nil {
		return nil, err
	}
	out := &listAccessKeysResult{AccessKeyMetadata: awsquery.List[accessKeyMetadataXML]{}}
	for _, k := range ks {
		out.AccessKeyMetadata = append(out.AccessKeyMetadata, accessKeyMetadataXML{
			UserName: k.UserName, AccessKeyID: k.ID, Status: k.Status, CreateDate: awsquery.Time(k.Created),
		})
	}
	return out, nil
}
