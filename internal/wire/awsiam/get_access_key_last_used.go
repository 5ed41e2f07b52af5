package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type getAccessKeyLastUsedInput struct {
	AccessKeyID string `query:"AccessKeyId"`
}

type lastUsedXML struct {
	LastUsedDate *awsquery.Time `xml:"LastUsedDate,omitempty"`
	ServiceName  string         `xml:"ServiceName"`
	Region       string         `xml:"Region"`
}

type getAccessKeyLastUsedResult struct {
	UserName          string      `xml:"UserName,omitempty"`
	AccessKeyLastUsed lastUsedXML `xml:"AccessKeyLastUsed"`
}

// getAccessKeyLastUsed reports "N/A" for a key never used, as IAM does.
func (h *handler) getAccessKeyLastUsed(ctx context.Context, in *getAccessKeyLastUsedInput) (*getAccessKeyLastUsedResult, error) {
	var v awsquery.Validator
	v.Required("accessKeyId", in.AccessKeyID != "")
	if in.AccessKeyID != "" {
		v.Len("accessKeyId", in.AccessKeyID, 16, 128)
		v.Pattern("accessKeyId", in.AccessKeyID, keyIDPattern)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	owner, err := h.id.KeyOwner(ctx, in.AccessKeyID)
	if err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "GetAccessKeyLastUsed", "user/"+owner); err != nil {
		return nil, err
	}
	owner, used, err := h.id.AccessKeyLastUsed(ctx, in.AccessKeyID)
	if err != nil {
		return nil, err
	}
	out := &getAccessKeyLastUsedResult{UserName: owner, AccessKeyLastUsed: lastUsedXML{ServiceName: "N/A", Region: "N/A"}}
	if used != nil {
		out.AccessKeyLastUsed = lastUsedXML{LastUsedDate: awsquery.TimePtr(used.Time), ServiceName: used.Service, Region: used.Region}
	}
	return out, nil
}
