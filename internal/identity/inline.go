package identity

import (
	"context"
	"slices"
	"unicode"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Inline policy quotas: the aggregate size (without white space) of an
// entity's inline policies, as IAM counts it.
var inlineQuota = map[Kind]int{KindUser: 2048, KindGroup: 5120, KindRole: 10240}

// PutInlinePolicy adds or replaces the inline policy name of a user, group
// or role after validating it. It applies from the next request on.
// Errors: ENotFound, EBadPolicy, ELimit.
func (s *Service) PutInlinePolicy(ctx context.Context, kind Kind, entity, name, doc string) error {
	if err := s.checkPolicy([]byte(doc), DocIdentity); err != nil {
		return err
	}
	return s.mutate(ctx, kind, entity, func(_ storage.Tx, r *record) error {
		if r.Inline == nil {
			r.Inline = map[string]string{}
		}
		r.Inline[name] = doc
		total := 0
		for _, d := range r.Inline {
			total += policySize(d)
		}
		if total > inlineQuota[kind] {
			return arca.Errorf(arca.ELimit, "Maximum policy size of %d bytes exceeded for %s %s", inlineQuota[kind], kind, r.Name)
		}
		return nil
	})
}

// policySize is a document's length without white space.
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// InlinePolicy returns the document of an inline policy.
// Errors: ENotFound.
func (s *Service) InlinePolicy(ctx context.Context, kind Kind, entity, name string) (string, error) {
	r, err := s.get(ctx, kind, entity)
	if err != nil {
		return "", err
	}
	doc, ok := r.Inline[name]
	if !ok {
		return "", noSuchInline(kind, entity, name)
	}
	return doc, nil
}

func noSuchInline(kind Kind, entity, name string) error {
	return arca.Errorf(arca.ENotFound, "The %s policy with name %s cannot be found.", kind, name)
}

// DeleteInlinePolicy deletes an inline policy; it stops applying on the
// next request. Errors: ENotFound.
func (s *Service) DeleteInlinePolicy(ctx context.Context, kind Kind, entity, name string) error {
	return s.mutate(ctx, kind, entity, func(_ storage.Tx, r *record) error {
		if _, ok := r.Inline[name]; !ok {
			return noSuchInline(kind, entity, name)
		}
		delete(r.Inline, name)
		return nil
	})
}

// InlinePolicies returns the names of an entity's inline policies, sorted.
// Errors: ENotFound.
func (s *Service) InlinePolicies(ctx context.Context, kind Kind, entity string) ([]string, error) {
	r, err := s.get(ctx, kind, entity)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(r.Inline))
	for n := range r.Inline {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}
