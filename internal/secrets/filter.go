package secrets

import (
	"strings"
	"unicode"

	"github.com/arca-vault/arca"
)

// Filter narrows ListSecrets and BatchGetSecretValue. Keys, as AWS defines
// them: name, tag-key, tag-value, primary-region and owning-service match a
// prefix, case-sensitive; description and all match words, not
// case-sensitive (every word of the value must begin a word of the
// attribute; all searches name, description, tag keys and values and the
// primary region). A value that starts with "!" is negated: it matches the
// secrets the rest would not. A filter matches when any of its values does;
// a secret must match every filter.
type Filter struct {
	Key    string
	Values []string
}

// Filter keys.
const (
	FilterName          = "name"
	FilterDescription   = "description"
	FilterTagKey        = "tag-key"
	FilterTagValue      = "tag-value"
	FilterPrimaryRegion = "primary-region"
	FilterOwningService = "owning-service"
	FilterAll           = "all"
)

// checkFilters validates filters. Errors: EBadFilter, EBadFilterValue.
func checkFilters(fs []Filter) error {
	for _, f := range fs {
		switch f.Key {
		case FilterName, FilterDescription, FilterTagKey, FilterTagValue, FilterPrimaryRegion, FilterOwningService, FilterAll:
		default:
			return arca.Errorf(arca.EBadFilter, "Invalid filter key %q: use description, name, tag-key, tag-value, primary-region, owning-service or all.", f.Key)
		}
		if len(f.Values) == 0 {
			return arca.Errorf(arca.EBadFilterValue, "The filter %s needs at least one value.", f.Key)
		}
	}
	return nil
}

// matches reports whether r passes every filter.
func matches(r *record, fs []Filter) bool {
	for _, f := range fs {
		ok := false
		for _, v := range f.Values {
			neg := strings.HasPrefix(v, "!")
			if hit := matchValue(r, f.Key, strings.TrimPrefix(v, "!")); hit != neg {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func matchValue(r *record, key, v string) bool {
	prefix := func(attrs ...string) bool {
		for _, a := range attrs {
			if strings.HasPrefix(a, v) {
				return true
			}
		}
		return false
	}
	switch key {
	case FilterName:
		return prefix(r.Name)
	case FilterTagKey:
		return prefix(tagField(r.Tags, true)...)
	case FilterTagValue:
		return prefix(tagField(r.Tags, false)...)
	case FilterPrimaryRegion:
		return prefix(primaryRegion(r))
	case FilterOwningService:
		return false // arca has no secrets owned by another service
	case FilterDescription:
		return wordMatch(v, r.Description)
	case FilterAll:
		attrs := append([]string{r.Name, r.Description, primaryRegion(r)}, tagField(r.Tags, true)...)
		return wordMatch(v, append(attrs, tagField(r.Tags, false)...)...)
	}
	return false
}

func tagField(tags []Tag, keys bool) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Value
		if keys {
			out[i] = t.Key
		}
	}
	return out
}

// primaryRegion is the region a secret originated in: its primary's for a
// replica, its own otherwise.
func primaryRegion(r *record) string {
	if r.isReplica() {
		return r.Primary
	}
	return r.Region
}

// wordMatch reports whether every word of v begins some word of attrs, not
// case-sensitive.
func wordMatch(v string, attrs ...string) bool {
	want := words(v)
	if len(want) == 0 {
		return false
	}
	var have []string
	for _, a := range attrs {
		have = append(have, words(a)...)
	}
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// words splits s into lowercase words at every character that is not a
// letter or digit; each such word also yields its camel-case parts
// ("PostgreSQL" gives "postgresql", "postgre" and "sql").
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		out = append(out, strings.ToLower(w))
		start := 0
		var prev rune
		for i, c := range w {
			if i > 0 && unicode.IsUpper(c) && unicode.IsLower(prev) {
				out = append(out, strings.ToLower(w[start:i]))
				start = i
			}
			prev = c
		}
		if start > 0 {
			out = append(out, strings.ToLower(w[start:]))
		}
	}
	return out
}
