package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type listPoliciesInput struct {
	Scope             string
	OnlyAttached      bool
	PathPrefix        string
	PolicyUsageFilter string
	Marker            string
	MaxItems          *int64
}

type listPoliciesResult struct {
	Policies awsquery.List[policyXML] `xml:"Policies"`
	page
}

// listPolicies lists customer managed policies: arca has no AWS managed
// ones, so Scope AWS lists nothing and All is the same as Local.
func (h *handler) listPolicies(ctx context.Context, in *listPoliciesInput) (*listPoliciesResult, error) {
	var v awsquery.Validator
	v.Enum("scope", in.Scope, "All", "AWS", "Local")
	v.Enum("policyUsageFilter", in.PolicyUsageFilter, "PermissionsPolicy", "PermissionsBoundary")
	if in.PathPrefix != "" {
		v.Len("pathPrefix", in.PathPrefix, 1, 512)
		v.Pattern("pathPrefix", in.PathPrefix, policyPathPattern)
	}
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListPolicies", "policy/"); err != nil {
		return nil, err
	}
	out := &listPoliciesResult{Policies: awsquery.List[policyXML]{}}
	if in.Scope == "AWS" || in.PolicyUsageFilter == "PermissionsBoundary" {
		return out, nil
	}
	ps, next, err := h.id.ListPolicies(ctx, in.PathPrefix, in.OnlyAttached, in.Marker, maxItems(in.MaxItems))
	if err != nil {
		return nil, err
	}
	out.page = pageOf(next)
	for _, p := range ps {
		x := toPolicy(p)
		x.Tags = nil
		out.Policies = append(out.Policies, x)
	}
	return out, nil
}
