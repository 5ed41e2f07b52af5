package kms

import (
	"context"
	"slices"

	"github.com/arca-vault/arca/internal/storage"
)

// MaxTags is the number of tags a key may have.
const MaxTags = 50

// Tag is one tag of a key.
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// TagKey adds tags to the customer key that ref (a key id or key ARN) names;
// a tag whose key the key already has replaces its value. Errors:
// EKeyInvalid, EDenied for an AWS-managed key, EConflict while the key is
// pending deletion, ETagLimit past MaxTags tags.
func (s *Service) TagKey(ctx context.Context, region, ref string, tags []Tag) error {
	ctx = withTags(ctx, tags)
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, "TagResource"); err != nil {
			return err
		}
		if err := notPendingDeletion(k); err != nil {
			return err
		}
		merged, err := mergeTags(k.Tags, tags)
		if err != nil {
			return err
		}
		k.Tags = merged
		return nil
	})
	return err
}

// UntagKey removes the tags with the given keys from the customer key that
// ref names; keys it does not have are ignored. Errors: EKeyInvalid,
// EDenied for an AWS-managed key, EConflict while the key is pending
// deletion.
func (s *Service) UntagKey(ctx context.Context, region, ref string, keys []string) error {
	ctx = withRequestTags(ctx, keys, nil)
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, "UntagResource"); err != nil {
			return err
		}
		if err := notPendingDeletion(k); err != nil {
			return err
		}
		k.Tags = slices.DeleteFunc(k.Tags, func(t Tag) bool { return slices.Contains(keys, t.Key) })
		return nil
	})
	return err
}

// TagPage is one page of a key's tags.
type TagPage struct {
	Tags []Tag
	Next string // the marker of the next page; "" on the last page
}

// Tags returns up to limit tags of the key that ref (a key id or key ARN)
// names, in tag key order, after marker (a TagPage.Next, or ""). Errors:
// EKeyInvalid, EBadToken.
func (s *Service) Tags(ctx context.Context, region, ref, marker string, limit int) (*TagPage, error) {
	after, err := decodeMarker("t", marker)
	if err != nil {
		return nil, err
	}
	limit = pageLimit(limit)
	out := &TagPage{Tags: []Tag{}}
	err = s.view(ctx, region, ref, false, func(_ storage.Tx, k *Key) error {
		out.Tags, out.Next = out.Tags[:0], ""
		for _, t := range k.Tags {
			if after != "" && t.Key <= after {
				continue
			}
			if len(out.Tags) == limit {
				out.Next = encodeMarker("t", out.Tags[limit-1].Key)
				break
			}
			out.Tags = append(out.Tags, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
