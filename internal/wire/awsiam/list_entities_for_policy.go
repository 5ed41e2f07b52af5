package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type listEntitiesInput struct {
	PolicyArn         string
	EntityFilter      string
	PathPrefix        string
	PolicyUsageFilter string
	Marker            string
	MaxItems          *int64
}

type policyUserXML struct {
	UserName string `xml:"UserName"`
	UserID   string `xml:"UserId"`
}

type policyGroupXML struct {
	GroupName string `xml:"GroupName"`
	GroupID   string `xml:"GroupId"`
}

type policyRoleXML struct {
	RoleName string `xml:"RoleName"`
	RoleID   string `xml:"RoleId"`
}

type listEntitiesResult struct {
	PolicyGroups awsquery.List[policyGroupXML] `xml:"PolicyGroups"`
	PolicyUsers  awsquery.List[policyUserXML]  `xml:"PolicyUsers"`
	PolicyRoles  awsquery.List[policyRoleXML]  `xml:"PolicyRoles"`
	page
}

func (h *handler) listEntitiesForPolicy(ctx context.Context, in *listEntitiesInput) (*listEntitiesResult, error) {
	var v awsquery.Validator
	v.Enum("entityFilter", in.EntityFilter, "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy")
	v.Enum("policyUsageFilter", in.PolicyUsageFilter, "PermissionsPolicy", "PermissionsBoundary")
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.policyARN(ctx, "ListEntitiesForPolicy", in.PolicyArn); err != nil {
		return nil, err
	}
	es, err := h.id.EntitiesForPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	out := &listEntitiesResult{PolicyGroups: awsquery.List[policyGroupXML]{}, PolicyUsers: awsquery.List[policyUserXML]{}, PolicyRoles: awsquery.List[policyRoleXML]{}}
	if in.PolicyUsageFilter == "PermissionsBoundary" {
		return out, nil
	}
	for _, e := range es {
		switch {
		case e.Kind == identity.KindUser && (in.EntityFilter == "" || in.EntityFilter == "User"):
			out.PolicyUsers = append(out.PolicyUsers, policyUserXML{e.Name, e.ID})
		case e.Kind == identity.KindGroup && (in.EntityFilter == "" || in.EntityFilter == "Group"):
			out.PolicyGroups = append(out.PolicyGroups, policyGroupXML{e.Name, e.ID})
		case e.Kind == identity.KindRole && (in.EntityFilter == "" || in.EntityFilter == "Role"):
			out.PolicyRoles = append(out.PolicyRoles, policyRoleXML{e.Name, e.ID})
		}
	}
	return out, nil
}
