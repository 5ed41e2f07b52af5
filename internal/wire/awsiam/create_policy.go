package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type createPolicyInput struct {
	PolicyName     string
	Path           string
	PolicyDocument string
	Description    string
	Tags           []tagIn
}

type policyXML struct {
	PolicyName                    string                `xml:"PolicyName"`
	PolicyID                      string                `xml:"PolicyId"`
	Arn                           string                `xml:"Arn"`
	Path                          string                `xml:"Path"`
	DefaultVersionID              string                `xml:"DefaultVersionId"`
	AttachmentCount               int                   `xml:"AttachmentCount"`
	PermissionsBoundaryUsageCount int                   `xml:"PermissionsBoundaryUsageCount"`
	IsAttachable                  bool                  `xml:"IsAttachable"`
	Description                   string                `xml:"Description,omitempty"`
	CreateDate                    awsquery.Time         `xml:"CreateDate"`
	UpdateDate                    awsquery.Time         `xml:"UpdateDate"`
	Tags                          awsquery.List[tagXML] `xml:"Tags,omitempty"`
}

func toPolicy(p *identity.ManagedPolicy) policyXML {
	return policyXML{
		PolicyName: p.Name, PolicyID: p.ID, Arn: p.ARN, Path: p.Path, DefaultVersionID: p.DefaultVersion,
		AttachmentCount: p.AttachmentCount, PermissionsBoundaryUsageCount: p.BoundaryCount, IsAttachable: true, Description: p.Description,
		CreateDate: awsquery.Time(p.Created), UpdateDate: awsquery.Time(p.Updated), Tags: tagsXML(p.Tags),
	}
}

type policyResult struct {
	Policy policyXML `xml:"Policy"`
}

func (h *handler) createPolicy(ctx context.Context, in *createPolicyInput) (*policyResult, error) {
	var v awsquery.Validator
	name(&v, "policyName", in.PolicyName, 128)
	if in.Path != "" {
		v.Len("path", in.Path, 1, 512)
		v.Pattern("path", in.Path, policyPathPattern)
	}
	document(&v, "policyDocument", in.PolicyDocument)
	v.Len("description", in.Description, 0, 1000)
	tags := tagsIn(&v, in.Tags)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "CreatePolicy", "policy/"+in.PolicyName); err != nil {
		return nil, err
	}
	p, err := h.id.CreatePolicy(ctx, identity.PolicyInput{
		Name: in.PolicyName, Path: in.Path, Document: in.PolicyDocument, Description: in.Description, Tags: tags,
	})
	if err != nil {
		return nil, err
	}
	x := toPolicy(p)
	x.Description = "" // CreatePolicy's answer has no description, as in IAM
	return &policyResult{Policy: x}, nil
}
