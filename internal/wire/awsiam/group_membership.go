package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// AddUserToGroup, RemoveUserFromGroup and ListGroupsForUser.

type membershipInput struct {
	GroupName string
	UserName  string
	Marker    string
	MaxItems  *int64
}

func (h *handler) membership(ctx context.Context, action string, in *membershipInput) error {
	var v awsquery.Validator
	name(&v, "groupName", in.GroupName, 128)
	name(&v, "userName", in.UserName, 128)
	if err := v.Err(); err != nil {
		return err
	}
	return h.allow(ctx, action, "group/"+in.GroupName)
}

func (h *handler) addUserToGroup(ctx context.Context, in *membershipInput) (*struct{}, error) {
	if err := h.membership(ctx, "AddUserToGroup", in); err != nil {
		return nil, err
	}
	return nil, h.id.AddUserToGroup(ctx, in.GroupName, in.UserName)
}

func (h *handler) removeUserFromGroup(ctx context.Context, in *membershipInput) (*struct{}, error) {
	if err := h.membership(ctx, "RemoveUserFromGroup", in); err != nil {
		return nil, err
	}
	return nil, h.id.RemoveUserFromGroup(ctx, in.GroupName, in.UserName)
}

func (h *handler) listGroupsForUser(ctx context.Context, in *membershipInput) (*listGroupsResult, error) {
	var v awsquery.Validator
	name(&v, "userName", in.UserName, 128)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListGroupsForUser", "user/"+in.UserName); err != nil {
		return nil, err
	}
	gs, err := h.id.GroupsForUser(ctx, in.UserName)
	if err != nil {
		return nil, err
	}
	out := &listGroupsResult{Groups: awsquery.List[groupXML]{}}
	for _, g := range gs {
		out.Groups = append(out.Groups, toGroup(g))
	}
	return out, nil
}
