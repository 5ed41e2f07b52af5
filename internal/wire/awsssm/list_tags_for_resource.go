package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type listTagsForResourceInput struct {
	ResourceType string `json:"ResourceType"`
	ResourceID   string `json:"ResourceId"`
}

type listTagsForResourceOutput struct {
	TagList []tag `json:"TagList"`
}

func (h *handler) listTagsForResource(ctx context.Context, in *listTagsForResourceInput) (*listTagsForResourceOutput, error) {
	var v awsjson.Validator
	if err := checkTagTarget(&v, in.ResourceType, in.ResourceID); err != nil {
		return nil, err
	}
	tags, err := h.params.Tags(ctx, in.ResourceID)
	if err != nil {
		return nil, resourceErr(err)
	}
	out := &listTagsForResourceOutput{TagList: make([]tag, 0, len(tags))}
	for _, t := range tags {
		out.TagList = append(out.TagList, tag{Key: t.Key, Value: t.Value})
	}
	return out, nil
}
