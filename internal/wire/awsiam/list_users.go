package awsiam

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type listInput struct {
	PathPrefix string
	Marker     string
	MaxItems   *int64
}

type listUsersResult struct {
	Users awsquery.List[userXML] `xml:"Users"`
	page
}

func (h *handler) listUsers(ctx context.Context, in *listInput) (*listUsersResult, error) {
	var v awsquery.Validator
	prefix(&v, in.PathPrefix)
	paging(&v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := h.allow(ctx, "ListUsers", "user/"); err != nil {
		return nil, err
	}
	us, next, err := h.id.ListUsers(ctx, in.PathPrefix, in.Marker, maxItems(in.MaxItems))
	if err != nil {
		return nil, err
	}
	out := &listUsersResult{Users: awsquery.List[userXML]{}, page: pageOf(next)}
	for _, u := range us {
		x := toUser(u)
		x.Tags = nil // ListUsers does not return tags
		out.Users = append(out.Users, x)
	}
	return out, nil
}

// prefix validates a PathPrefix.
func prefix(v *awsquery.Validator, s string) {
	if s != "" {
		v.Len("pathPrefix", s, 1, 512)
		v.Pattern("pathPrefix", s, prefixPattern)
	}
}
