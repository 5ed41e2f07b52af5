package params

import (
	"context"
	"sort"
	"unicode"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

func checkTags(tags []Tag) error {
	if len(tags) > MaxTags {
		return arca.Errorf(arca.ETagLimit, "A parameter can have at most %d tags.", MaxTags)
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if len(t.Key) < 1 || len(t.Key) > 128 || !tagChars(t.Key) {
			return arca.Errorf(arca.EInvalid, "Tag keys must be 1 to 128 characters of letters, numbers, spaces and _.:/=+-@.")
		}
		if len(t.Value) > 256 || !tagChars(t.Value) {
			return arca.Errorf(arca.EInvalid, "Tag values must be at most 256 characters of letters, numbers, spaces and _.:/=+-@.")
		}
		if seen[t.Key] {
			return arca.Errorf(arca.EInvalid, "Duplicate tag key %q in the request.", t.Key)
		}
		seen[t.Key] = true
	}
	return nil
}

func tagChars(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Zs, r) || r == '_' || r == '.' || r == ':' || r == '/' || r == '=' || r == '+' || r == '-' || r == '@') {
			return false
		}
	}
	return true
}

// AddTags adds or replaces tags on a parameter. Errors: ENotFound, EInvalid,
// ETagLimit when the parameter would carry more than MaxTags.
func (s *Service) AddTags(ctx context.Context, name string, tags []Tag) error {
	if err := checkTags(tags); err != nil {
		return err
	}
	keys, values := make([]string, len(tags)), make([]string, len(tags))
	for i, t := range tags {
		keys[i], values[i] = t.Key, t.Value
	}
	return s.updateTags(ctx, name, keys, values, func(r *record) {
		for _, t := range tags {
			replaced := false
			for i := range r.Tags {
				if r.Tags[i].Key == t.Key {
					r.Tags[i].Value, replaced = t.Value, true
				}
			}
			if !replaced {
				r.Tags = append(r.Tags, t)
			}
		}
	})
}

// RemoveTags removes the tags with the given keys; absent keys are ignored.
// Errors: ENotFound.
func (s *Service) RemoveTags(ctx context.Context, name string, keys []string) error {
	return s.updateTags(ctx, name, keys, nil, func(r *record) {
		drop := map[string]bool{}
		for _, k := range keys {
			drop[k] = true
		}
		kept := r.Tags[:0]
		for _, t := range r.Tags {
			if !drop[t.Key] {
				kept = append(kept, t)
			}
		}
		r.Tags = kept
	})
}

func (s *Service) updateTags(ctx context.Context, name string, keys, values []string, change func(*record)) error {
	c, err := caller(ctx)
	if err != nil {
		return err
	}
	if err := s.authorizeTags(ctx, c, name, keys, values); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := findRecord(tx, c.Region, name)
		if err != nil {
			return err
		}
		change(r)
		if len(r.Tags) > MaxTags {
			return arca.Errorf(arca.ETagLimit, "A parameter can have at most %d tags.", MaxTags)
		}
		return putRecord(tx, c.Region, r)
	})
}

// Tags returns a parameter's tags sorted by key. Errors: ENotFound.
func (s *Service) Tags(ctx context.Context, name string) ([]Tag, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeName(ctx, c, name); err != nil {
		return nil, err
	}
	var tags []Tag
	err = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := findRecord(tx, c.Region, name)
		if err != nil {
			return err
		}
		tags = append([]Tag{}, r.Tags...)
		return nil
	})
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	return tags, err
}
