package awsssm

import (
	"context"
	"fmt"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type removeTagsFromResourceInput struct {
	ResourceType string   `json:"ResourceType"`
	ResourceID   string   `json:"ResourceId"`
	TagKeys      []string `json:"TagKeys"`
}

type removeTagsFromResourceOutput struct{}

func (h *handler) removeTagsFromResource(ctx context.Context, in *removeTagsFromResourceInput) (*removeTagsFromResourceOutput, error) {
	var v awsjson.Validator
	v.Required("tagKeys", in.TagKeys != nil)
	for i, k := range in.TagKeys {
		m := fmt.Sprintf("tagKeys.%d.member", i+1)
		v.Len(m, k, 1, 128)
		v.Pattern(m, k, tagPattern)
	}
	if err := checkTagTarget(&v, in.ResourceType, in.ResourceID); err != nil {
		return nil, err
	}
	if err := h.params.RemoveTags(ctx, in.ResourceID, in.TagKeys); err != nil {
		return nil, resourceErr(err)
	}
	return &removeTagsFromResourceOutput{}, nil
}
