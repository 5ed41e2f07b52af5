package awsssm

import (
	"context"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type addTagsToResourceInput struct {
	ResourceType string     `json:"ResourceType"`
	ResourceID   string     `json:"ResourceId"`
	Tags         []tagInput `json:"Tags"`
}

type addTagsToResourceOutput struct{}

func (h *handler) addTagsToResource(ctx context.Context, in *addTagsToResourceInput) (*addTagsToResourceOutput, error) {
	var v awsjson.Validator
	v.Required("tags", in.Tags != nil)
	tags := checkTags(&v, in.Tags)
	if err := checkTagTarget(&v, in.ResourceType, in.ResourceID); err != nil {
		return nil, err
	}
	if err := h.params.AddTags(ctx, in.ResourceID, tags); err != nil {
		return nil, resourceErr(err)
	}
	return &addTagsToResourceOutput{}, nil
}
