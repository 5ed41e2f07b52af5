package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// Put/Get/Delete/List{User,Group,Role}Policy: one handler per verb, made for
// each kind of entity.

type inlineInput struct {
	UserName       string
	GroupName      string
	RoleName       string
	PolicyName     string
	PolicyDocument string
	Marker         string
	MaxItems       *int64
}

// entity returns the validated entity name of kind.
func (in *inlineInput) entity(v *awsquery.Validator, kind identity.Kind) string {
	switch kind {
	case identity.KindUser:
		name(v, "userName", in.UserName, 128)
		return in.UserName
	case identity.KindGroup:
		name(v, "groupName", in.GroupName, 128)
		return in.GroupName
	}
	name(v, "roleName", in.RoleName, 64)
	return in.RoleName
}

func (h *handler) putInline(kind identity.Kind) func(context.Context, *inlineInput) (*struct{}, error) {
	return func(ctx context.Context, in *inlineInput) (*struct{}, error) {
		var v awsquery.Validator
		entity := in.entity(&v, kind)
		name(&v, "policyName", in.PolicyName, 128)
		document(&v, "policyDocument", in.PolicyDocument)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "Put"+title(kind)+"Policy", string(kind)+"/"+entity); err != nil {
			return nil, err
		}
		return nil, h.id.PutInlinePolicy(ctx, kind, entity, in.PolicyName, in.PolicyDocument)
	}
}

type getInlineResult struct {
	UserName       string `xml:"UserName,omitempty"`
	GroupName      string `xml:"GroupName,omitempty"`
	RoleName       string `xml:"RoleName,omitempty"`
	PolicyName     string `xml:"PolicyName"`
	PolicyDocument string `xml:"PolicyDocument"`
}

func (h *handler) getInline(kind identity.Kind) func(context.Context, *inlineInput) (*getInlineResult, error) {
	return func(ctx context.Context, in *inlineInput) (*getInlineResult, error) {
		var v awsquery.Validator
		entity := in.entity(&v, kind)
		name(&v, "policyName", in.PolicyName, 128)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "Get"+title(kind)+"Policy", string(kind)+"/"+entity); err != nil {
			return nil, err
		}
		doc, err := h.id.InlinePolicy(ctx, kind, entity, in.PolicyName)
		if err != nil {
			return nil, err
		}
		out := &getInlineResult{PolicyName: in.PolicyName, PolicyDocument: escapeDoc(doc)}
		switch kind {
		case identity.KindUser:
			out.UserName = entity
		case identity.KindGroup:
			out.GroupName = entity
		default:
			out.RoleName = entity
		}
		return out, nil
	}
}

func (h *handler) deleteInline(kind identity.Kind) func(context.Context, *inlineInput) (*struct{}, error) {
	return func(ctx context.Context, in *inlineInput) (*struct{}, error) {
		var v awsquery.Validator
		entity := in.entity(&v, kind)
		name(&v, "policyName", in.PolicyName, 128)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "Delete"+title(kind)+"Policy", string(kind)+"/"+entity); err != nil {
			return nil, err
		}
		return nil, h.id.DeleteInlinePolicy(ctx, kind, entity, in.PolicyName)
	}
}

type listInlineResult struct {
	PolicyNames awsquery.List[string] `xml:"PolicyNames"`
	page
}

func (h *handler) listInline(kind identity.Kind) func(context.Context, *inlineInput) (*listInlineResult, error) {
	return func(ctx context.Context, in *inlineInput) (*listInlineResult, error) {
		var v awsquery.Validator
		entity := in.entity(&v, kind)
		paging(&v, in.Marker, in.MaxItems)
		if err := v.Err(); err != nil {
			return nil, err
		}
		if err := h.allow(ctx, "List"+title(kind)+"Policies", string(kind)+"/"+entity); err != nil {
			return nil, err
		}
		names, err := h.id.InlinePolicies(ctx, kind, entity)
		if err != nil {
			return nil, err
		}
		return &listInlineResult{PolicyNames: append(awsquery.List[string]{}, names...)}, nil
	}
}
