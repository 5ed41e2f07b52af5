package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// CreateGroup, GetGroup, ListGroups and DeleteGroup.

type groupInput struct {
	GroupName string
	Path      string
	Marker    string
	MaxItems  *int64
}

type createGroupResult struct {
	Group groupXML `xml:"Group"`
}

func (h *handler) createGroup(ctx context.Context, in *groupInput) (*createGroupResult, error) {
	var v awsquery.Validator
	name(&v, "groupName", in.GroupName, 128)
	path(&v, "path", in.Path)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "CreateGroup", "group/"+in.GroupName); err != nil {
		return nil, err
	}
	g, err := h.id.CreateGroup(ctx, in.GroupName, in.Path)
	if err != nil {
		return nil, err
	}
	return &createGroupResult{Group: toGroup(g)}, nil
}

type getGroupResult struct {
	Group groupXML               `xml:"Group"`
	Users awsquery.List[userXML] `xml:"Users"`
	page
}

func (h *handler) getGroup(ctx context.Context, in *groupInput) (*getGroupResult, error) {
	var v awsquery.Validator
	name(&v, "groupName", in.GroupName, 128)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "GetGroup", "group/"+in.GroupName); err != nil {
		return nil, err
	}
	g, users, err := h.id.GetGroup(ctx, in.GroupName)
	if err != nil {
		return nil, err
	}
	out := &getGroupResult{Group: toGroup(g), Users: awsquery.List[userXML]{}}
	for _, u := range users {
		x := toUser(u)
		x.Tags = nil
		out.Users = append(out.Users, x)
	}
	return out, nil
}

type listGroupsResult struct {
	Groups awsquery.List[groupXML] `xml:"Groups"`
	page
}

func (h *handler) listGroups(ctx context.Context, in *listInput) (*listGroupsResult, error) {
	var v awsquery.Validator
	prefix(&v, in.PathPrefix)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListGroups", "group/"); err != nil {
		return nil, err
	}
	gs, next, err := h.id.ListGroups(ctx, in.PathPrefix, in.Marker, maxItems(in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &listGroupsResult{Groups: awsquery.List[groupXML]{}, page: pageOf(next)}
	for _, g := range gs {
		out.Groups = append(out.Groups, toGroup(g))
	}
	return out, nil
}

func (h *handler) deleteGroup(ctx context.Context, in *groupInput) (*struct{}, error) {
	var v awsquery.Validator
	name(&v, "groupName", in.GroupName, 128)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "DeleteGroup", "group/"+in.GroupName); err != nil {
		return nil, err
	}
	return nil, h.id.DeleteGroup(ctx, in.GroupName)
}
