package awskms

import (
	"strconv"
	"strings"

	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// tag is KMS's Tag shape.
type tag struct {
	TagKey   *string `json:"TagKey"`
	TagValue *string `json:"TagValue"`
}

type tagOut struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

// checkTags validates a TagList as the model constrains it.
func checkTags(v *awsjson.Validator, tags []tag) {
	for i, t := range tags {
		m := "tags." + strconv.Itoa(i+1) + ".member."
		required(v, m+"tagKey", t.TagKey, 1, 128)
		required(v, m+"tagValue", t.TagValue, 0, 256)
	}
}

// tagRules answers TagException for tags KMS refuses: the aws: prefix is
// reserved, and a request may name a tag key only once.
func tagRules(keys []string) error {
	seen := map[string]bool{}
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(k), "aws:") {
			return fault("TagException", "Tag keys beginning with aws: are reserved for AWS use.")
		}
		if seen[k] {
			return fault("TagException", "Duplicate tag key "+k+".")
		}
		seen[k] = true
	}
	return nil
}

// fromTags converts validated tags for the core and applies tagRules.
func fromTags(tags []tag) ([]kms.Tag, error) {
	out := make([]kms.Tag, 0, len(tags))
	keys := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, kms.Tag{Key: *t.TagKey, Value: *t.TagValue})
		keys = append(keys, *t.TagKey)
	}
	if err := tagRules(keys); err != nil {
		return nil, err
	}
	return out, nil
}
