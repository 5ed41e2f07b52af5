package inject

import (
	"errors"
	"fmt"
	"strings"
)

// templateRefs lists the ${NAME} references of a compose template, in
// order, each once. A "$" not followed by "{" is literal text.
//
// Errors: an unterminated "${" and a reference that is not a variable name.
func templateRefs(tmpl string) ([]string, error) {
	var refs []string
	err := walkTemplate(tmpl, func(lit string, ref string) {
		if ref != "" && !contains(refs, ref) {
			refs = append(refs, ref)
		}
	})
	return refs, err
}

// walkTemplate calls fn for each literal run and each reference.
func walkTemplate(tmpl string, fn func(lit, ref string)) error {
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			fn(tmpl, "")
			return nil
		}
		fn(tmpl[:i], "")
		end := strings.IndexByte(tmpl[i:], '}')
		if end < 0 {
			return errors.New("unterminated ${ (want ${NAME})")
		}
		name := tmpl[i+2 : i+end]
		if !ValidName(name) {
			return fmt.Errorf("${%s} is not a variable reference (want ${NAME})", name)
		}
		fn("", name)
		tmpl = tmpl[i+end+1:]
	}
}

// Compose substitutes each ${NAME} of tmpl with values[NAME], URL-encoded
// (URLEncode) when NAME is in encode. The caller has checked that every
// reference has a value.
func Compose(tmpl string, values map[string]string, encode []string) string {
	var b strings.Builder
	_ = walkTemplate(tmpl, func(lit, ref string) {
		if ref == "" {
			b.WriteString(lit)
			return
		}
		v := values[ref]
		if contains(encode, ref) {
			v = URLEncode(v)
		}
		b.WriteString(v)
	})
	return b.String()
}

// URLEncode percent-encodes every byte of s outside RFC 3986's unreserved
// set (A-Z a-z 0-9 - . _ ~), with upper-case hex digits, so that the result
// is safe in any part of a URL (user, password, path segment, query value)
// and decodes back to exactly s.
func URLEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
