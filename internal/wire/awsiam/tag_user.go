package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// TagUser, UntagUser and ListUserTags; TagRole, UntagRole and ListRoleTags
// share them.

type tagInput struct {
	UserName string
	RoleName string
	Tags     []tagIn
	TagKeys  []string
}

type listTagsResult struct {
	Tags awsquery.List[tagXML] `xml:"Tags"`
	page
}

func (in *tagInput) entity(kind identity.Kind) (member, name string) {
	if kind == identity.KindRole {
		return "roleName", in.RoleName
	}
	return "userName", in.UserName
}

func (h *handler) tag(ctx context.Context, kind identity.Kind, in *tagInput) error {
	var v awsquery.Validator
	member, n := in.entity(kind)
	name(&v, member, n, 128)
	v.Count("tags", len(in.Tags), 1, 50)
	tags := tagsIn(&v, in.Tags)
	if err := v.Err(); err != nil {
		return err
	}
	if err := h.allow(ctx, "Tag"+title(kind), string(kind)+"/"+n); err != nil {
		return err
	}
	return h.id.TagEntity(ctx, kind, n, tags)
}

func (h *handler) untag(ctx context.Context, kind identity.Kind, in *tagInput) error {
	var v awsquery.Validator
	member, n := in.entity(kind)
	name(&v, member, n, 128)
	v.Count("tagKeys", len(in.TagKeys), 1, 50)
	if err := v.Err(); err != nil {
		return err
	}
	if err := h.allow(ctx, "Untag"+title(kind), string(kind)+"/"+n); err != nil {
		return err
	}
	return h.id.UntagEntity(ctx, kind, n, in.TagKeys)
}

type listTagsInput struct {
	tagInput
	Marker   string
	MaxItems *int64
}

func (h *handler) listTags(ctx context.Context, kind identity.Kind, in *listTagsInput) (*listTagsResult, error) {
	var v awsquery.Validator
	member, n := in.entity(kind)
	name(&v, member, n, 128)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "List"+title(kind)+"Tags", string(kind)+"/"+n); err != nil {
		return nil, err
	}
	tags, err := h.id.EntityTags(ctx, kind, n)
	if err != nil {
		return nil, err
	}
	return &listTagsResult{Tags: tagsXML(tags)}, nil
}

func title(kind identity.Kind) string {
	switch kind {
	case identity.KindUser:
		return "User"
	case identity.KindGroup:
		return "Group"
	}
	return "Role"
}

func (h *handler) tagUser(ctx context.Context, in *tagInput) (*struct{}, error) {
	return nil, h.tag(ctx, identity.KindUser, in)
}

func (h *handler) untagUser(ctx context.Context, in *tagInput) (*struct{}, error) {
	return nil, h.untag(ctx, identity.KindUser, in)
}

func (h *handler) listUserTags(ctx context.Context, in *listTagsInput) (*listTagsResult, error) {
	return h.listTags(ctx, identity.KindUser, in)
}

func (h *handler) tagRole(ctx context.Context, in *tagInput) (*struct{}, error) {
	return nil, h.tag(ctx, identity.KindRole, in)
}

func (h *handler) untagRole(ctx context.Context, in *tagInput) (*struct{}, error) {
	return nil, h.untag(ctx, identity.KindRole, in)
}

func (h *handler) listRoleTags(ctx context.Context, in *listTagsInput) (*listTagsResult, error) {
	return h.listTags(ctx, identity.KindRole, in)
}
