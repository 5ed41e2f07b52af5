package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// CreatePolicyVersion, GetPolicyVersion, DeletePolicyVersion,
// ListPolicyVersions and SetDefaultPolicyVersion.

type policyVersionInput struct {
	PolicyArn      string
	VersionID      string `query:"VersionId"`
	PolicyDocument string
	SetAsDefault   bool
	Marker         string
	MaxItems       *int64
}

type policyVersionXML struct {
	Document         string        `xml:"Document,omitempty"`
	VersionID        string        `xml:"VersionId"`
	IsDefaultVersion bool          `xml:"IsDefaultVersion"`
	CreateDate       awsquery.Time `xml:"CreateDate"`
}

func toVersion(pv *identity.PolicyVersion) policyVersionXML {
	return policyVersionXML{Document: escapeDoc(pv.Document), VersionID: pv.ID, IsDefaultVersion: pv.IsDefault, CreateDate: awsquery.Time(pv.Created)}
}

type policyVersionResult struct {
	PolicyVersion policyVersionXML `xml:"PolicyVersion"`
}

func versionID(id string) error {
	var v awsquery.Validator
	v.Required("versionId", id != "")
	v.Pattern("versionId", id, versionPattern)
	return v.Err()
}

func (h *handler) createPolicyVersion(ctx context.Context, in *policyVersionInput) (*policyVersionResult, error) {
	var v awsquery.Validator
	document(&v, "policyDocument", in.PolicyDocument)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "CreatePolicyVersion", in.PolicyArn); err != nil {
		return nil, err
	}
	pv, err := h.id.CreatePolicyVersion(ctx, in.PolicyArn, in.PolicyDocument, in.SetAsDefault)
	if err != nil {
		return nil, err
	}
	x := toVersion(pv)
	x.Document = ""
	return &policyVersionResult{PolicyVersion: x}, nil
}

func (h *handler) getPolicyVersion(ctx context.Context, in *policyVersionInput) (*policyVersionResult, error) {
	if err := versionID(in.VersionID); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "GetPolicyVersion", in.PolicyArn); err != nil {
		return nil, err
	}
	pv, err := h.id.GetPolicyVersion(ctx, in.PolicyArn, in.VersionID)
	if err != nil {
		return nil, err
	}
	return &policyVersionResult{PolicyVersion: toVersion(pv)}, nil
}

func (h *handler) deletePolicyVersion(ctx context.Context, in *policyVersionInput) (*struct{}, error) {
	if err := versionID(in.VersionID); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "DeletePolicyVersion", in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, h.id.DeletePolicyVersion(ctx, in.PolicyArn, in.VersionID)
}

func (h *handler) setDefaultPolicyVersion(ctx context.Context, in *policyVersionInput) (*struct{}, error) {
	if err := versionID(in.VersionID); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "SetDefaultPolicyVersion", in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, h.id.SetDefaultPolicyVersion(ctx, in.PolicyArn, in.VersionID)
}

type listPolicyVersionsResult struct {
	Versions awsquery.List[policyVersionXML] `xml:"Versions"`
	page
}

func (h *handler) listPolicyVersions(ctx context.Context, in *policyVersionInput) (*listPolicyVersionsResult, error) {
	var v awsquery.Validator
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "ListPolicyVersions", in.PolicyArn); err != nil {
		return nil, err
	}
	vs, err := h.id.ListPolicyVersions(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	out := &listPolicyVersionsResult{Versions: awsquery.List[policyVersionXML]{}}
	for _, pv := range vs {
		out.Versions = append(out.Versions, toVersion(pv))
	}
	return out, nil
}
