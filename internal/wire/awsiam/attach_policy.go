package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// Attach{User,Group,Role}Policy, Detach...Policy and
// ListAttached...Policies.

type attachInput struct {
	inlineInput
	PolicyArn  string
	PathPrefix string
}

func (h *handler) attachment(ctx context.Context, action string, kind identity.Kind, in *attachInput) (string, error) {
	var v awsquery.Validator
	entity := in.entity(&v, kind)
	if err := v.Err(); err != nil {
		return "", err
	}
	if err := h.policyARN(ctx, action, in.PolicyArn); err != nil {
		return "", err
	}
	return entity, h.allow(ctx, action, string(kind)+"/"+entity)
}

func (h *handler) attach(kind identity.Kind) func(context.Context, *attachInput) (*struct{}, error) {
	return func(ctx context.Context, in *attachInput) (*struct{}, error) {
		entity, err := h.attachment(ctx, "Attach"+title(kind)+"Policy", kind, in)
		if err != nil {
			return nil, err
		}
		return nil, h.id.AttachPolicy(ctx, kind, entity, in.PolicyArn)
	}
}

func (h *handler) detach(kind identity.Kind) func(context.Context, *attachInput) (*struct{}, error) {
	return func(ctx context.Context, in *attachInput) (*struct{}, error) {
		entity, err := h.attachment(ctx, "Detach"+title(kind)+"Policy", kind, in)
		if err != nil {
			return nil, err
		}
		return nil, h.id.DetachPolicy(ctx, kind, entity, in.PolicyArn)
	}
}

type attachedPolicyXML struct {
	PolicyName string `xml:"PolicyName"`
	PolicyArn  string `xml:"PolicyArn"`
}

type listAttachedResult struct {
	AttachedPolicies awsquery.List[attachedPolicyXML] `xml:"AttachedPolicies"`
	page
}

func (h *handler) listAttached(kind identity.Kind) func(context.Context, *attachInput) (*listAttachedResult, error) {
	return func(ctx context.Context, in *attachInput) (*listAttachedResult, error) {
		var v awsquery.Validator
		entity := in.entity(&v, kind)
		if in.PathPrefix != "" {
			v.Len("pathPrefix", in.PathPrefix, 1, 512)
			v.Pattern("pathPrefix", in.PathPrefix, policyPathPattern)
		}
		paging(&v, in.Marker, in.MaxItems)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "ListAttached"+title(kind)+"Policies", string(kind)+"/"+entity); err != nil {
			return nil, err
		}
		ps, err := h.id.AttachedPolicies(ctx, kind, entity, in.PathPrefix)
		if err != nil {
			return nil, err
		}
		out := &listAttachedResult{AttachedPolicies: awsquery.List[attachedPolicyXML]{}}
		for _, p := range ps {
			out.AttachedPolicies = append(out.AttachedPolicies, attachedPolicyXML{PolicyName: p.Name, PolicyArn: p.ARN})
		}
		return out, nil
	}
}
