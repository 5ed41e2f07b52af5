package secrets

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// checkTags validates tags: at most MaxTags, keys 1..128 and values 0..256
// characters of letters, digits, spaces and _.:/=+-@, no key twice, no key
// in the reserved "aws:" prefix. Errors: EInvalid, ETagLimit.
func checkTags(tags []Tag) error {
	if len(tags) > MaxTags {
		return tooManyTags()
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if n := len([]rune(t.Key)); n < 1 || n > 128 || !tagChars(t.Key) {
			return arca.Errorf(arca.EInvalid, "Tag keys must be 1 to 128 characters of letters, numbers, spaces and _.:/=+-@.")
		}
		if len([]rune(t.Value)) > 256 || !tagChars(t.Value) {
			return arca.Errorf(arca.EInvalid, "Tag values must be at most 256 characters of letters, numbers, spaces and _.:/=+-@.")
		}
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return arca.Errorf(arca.EInvalid, "Tag keys can't start with the reserved prefix aws:.")
		}
		if seen[t.Key] {
			return arca.Errorf(arca.EInvalid, "The tag key %s appears more than once in the request.", t.Key)
		}
		seen[t.Key] = true
	}
	return nil
}

func tooManyTags() error {
	return arca.Errorf(arca.ETagLimit, "A secret can have at most %d tags.", MaxTags)
}

func tagChars(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Zs, r) || strings.ContainsRune("_.:/=+-@", r)) {
			return false
		}
	}
	return true
}

// Tag adds tags to a secret, replacing the value of a key it already has.
// Errors: EInvalid, ETagLimit, ENotFound, EConflict (scheduled for deletion,
// or a replica).
func (s *Service) Tag(ctx context.Context, id string, tags []Tag) error {
	if err := checkTags(tags); err != nil {
		return err
	}
	return s.retag(withRequestTags(ctx, tags), id, func(r *record) {
		for _, t := range tags {
			if i := slices.IndexFunc(r.Tags, func(x Tag) bool { return x.Key == t.Key }); i >= 0 {
				r.Tags[i].Value = t.Value
			} else {
				r.Tags = append(r.Tags, t)
			}
		}
	})
}

// Untag removes the tags with the given keys; absent keys are ignored.
// Errors: ENotFound, EConflict (scheduled for deletion, or a replica).
func (s *Service) Untag(ctx context.Context, id string, keys []string) error {
	return s.retag(withUntagKeys(ctx, keys), id, func(r *record) {
		r.Tags = slices.DeleteFunc(r.Tags, func(t Tag) bool { return slices.Contains(keys, t.Key) })
	})
}

func (s *Service) retag(ctx context.Context, id string, change func(*record)) error {
	c, err := caller(ctx)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		change(r)
		if len(r.Tags) > MaxTags {
			return tooManyTags()
		}
		r.Changed = s.clock()
		return s.save(tx, r, nil)
	})
}
