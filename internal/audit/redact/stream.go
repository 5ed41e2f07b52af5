package redact

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/arca-vault/arca/internal/jsonstr"
)

// maxDepth bounds nesting, as encoding/json does.
const maxDepth = 10000

// redactor copies one JSON value while it checks it, leaving out secret
// members and writing member names in lowerCamel form. It reads the bytes
// once and builds no tree: every request body of every dialect passes
// through it.
//
// Members whose lowerCamel names collide in one object keep the last one,
// as decoding into a map does. Strings are written as encoding/json
// writes them (invalid UTF-8 becomes U+FFFD): copied when already in that
// form, the usual case, else decoded and re-encoded. Numbers are copied as
// given.
type redactor struct {
	in  []byte
	i   int
	out []byte
}

func (r *redactor) space() {
	for r.i < len(r.in) {
		switch r.in[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads one value; emit says whether to write it.
func (r *redactor) value(emit bool, depth int) bool {
	r.space()
	if r.i >= len(r.in) {
		return false
	}
	switch c := r.in[r.i]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return false
		}
		if c == '{' {
			return r.object(emit, depth+1)
		}
		return r.array(emit, depth+1)
	case c == '"':
		if !emit {
			return r.skipStr()
		}
		tok, simple, ok := r.token()
		switch {
		case !ok:
			return false
		case simple:
			r.out = append(r.out, tok...)
		default:
			s, ok := decode(tok)
			if !ok {
				return false
			}
			r.out = jsonstr.Append(r.out, s)
		}
		return true
	case c == 't':
		return r.literal("true", emit)
	case c == 'f':
		return r.literal("false", emit)
	case c == 'n':
		return r.literal("null", emit)
	case c == '-' || c >= '0' && c <= '9':
		return r.number(emit)
	}
	return false
}

func (r *redactor) literal(lit string, emit bool) bool {
	if !bytes.HasPrefix(r.in[r.i:], []byte(lit)) {
		return false
	}
	r.i += len(lit)
	if emit {
		r.out = append(r.out, lit...)
	}
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (r *redactor) number(emit bool) bool {
	start := r.i
	if r.peek() == '-' {
		r.i++
	}
	switch c := r.peek(); {
	case c == '0':
		r.i++
	case c >= '1' && c <= '9':
		r.digits()
	default:
		return false
	}
	if r.peek() == '.' {
		r.i++
		if !r.digits() {
			return false
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.i++
		if c := r.peek(); c == '+' || c == '-' {
			r.i++
		}
		if !r.digits() {
			return false
		}
	}
	if emit {
		r.out = append(r.out, r.in[start:r.i]...)
	}
	return true
}

func (r *redactor) peek() byte {
	if r.i < len(r.in) {
		return r.in[r.i]
	}
	return 0
}

func (r *redactor) digits() bool {
	start := r.i
	for r.i < len(r.in) && r.in[r.i] >= '0' && r.in[r.i] <= '9' {
		r.i++
	}
	return r.i > start
}

// token reads a string token. It is simple when encoding/json would write
// its value back as the same bytes: printable ASCII without escapes or
// <, >, &; most member names and values are.
func (r *redactor) token() (tok []byte, simple, ok bool) {
	start := r.i // the opening quote
	r.i++
	simple = true
	for r.i < len(r.in) {
		switch c := r.in[r.i]; {
		case c == '"':
			r.i++
			return r.in[start:r.i], simple, true
		case c == '\\':
			simple = false
			r.i += 2 // the escape's first character; decode checks the rest
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf || c == '<' || c == '>' || c == '&':
			simple = false // invalid UTF-8 is decoded to U+FFFD, as Unmarshal does
			r.i++
		default:
			r.i++
		}
	}
	return nil, false, false
}

// decode returns the value of a string token that is not simple.
func decode(tok []byte) (string, bool) {
	var s string
	if json.Unmarshal(tok, &s) != nil {
		return "", false
	}
	return s, true
}

// skipStr checks a string token without decoding it: a secret value is
// not copied, and may be large.
func (r *redactor) skipStr() bool {
	start := r.i
	r.i++
	plain := true
	for r.i < len(r.in) {
		switch c := r.in[r.i]; {
		case c == '"':
			r.i++
			return plain || json.Valid(r.in[start:r.i])
		case c == '\\':
			plain = false
			r.i += 2
		case c < 0x20:
			return false
		default:
			r.i++
		}
	}
	return false
}

// member is one member written so far in the current object: where it
// starts in out (including the comma before it), where its name (quoted,
// as written) starts and ends, and where it ends.
type member struct {
	start, name, colon, end int
}

func (r *redactor) object(emit bool, depth int) bool {
	if r.enter('{', '}', emit) {
		return true
	}
	open := len(r.out)
	var stack [8]member // most objects have few members: no allocation
	members := stack[:0]
	for {
		r.space()
		if r.peek() != '"' {
			return false
		}
		tok, simple, ok := r.token()
		if !ok {
			return false
		}
		var name string // the decoded name, when it is not simple
		if !simple {
			if name, ok = decode(tok); !ok {
				return false
			}
		}
		r.space()
		if r.peek() != ':' {
			return false
		}
		r.i++
		keep := emit
		if keep && simple {
			keep = !sensitiveASCII(tok[1 : len(tok)-1])
		} else if keep {
			keep = !Sensitive(name)
		}
		if !keep {
			if !r.value(false, depth) {
				return false
			}
		} else {
			m := member{start: len(r.out)}
			if m.start > open {
				r.out = append(r.out, ',')
			}
			m.name = len(r.out)
			if simple {
				r.out = appendLowerCamelASCII(r.out, tok)
			} else {
				r.out = jsonstr.Append(r.out, LowerCamel(name))
			}
			m.colon = len(r.out)
			// Equal names are written as equal bytes, so compare those.
			for j, old := range members {
				if bytes.Equal(r.out[old.name:old.colon], r.out[m.name:m.colon]) {
					// The later one wins: cut the earlier one out.
					n := old.end - old.start
					r.out = append(r.out[:old.start], r.out[old.end:]...)
					members = append(members[:j], members[j+1:]...)
					for k := j; k < len(members); k++ {
						members[k].shift(n)
					}
					m.shift(n)
					break
				}
			}
			r.out = append(r.out, ':')
			if !r.value(true, depth) {
				return false
			}
			m.end = len(r.out)
			members = append(members, m)
		}
		r.space()
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			if emit {
				if len(r.out) > open && r.out[open] == ',' {
					// The first member was cut out: so was its place.
					r.out = append(r.out[:open], r.out[open+1:]...)
				}
				r.out = append(r.out, '}')
			}
			return true
		default:
			return false
		}
	}
}

// shift moves m back by n bytes, after a member before it was cut out.
func (m *member) shift(n int) {
	m.start -= n
	m.name -= n
	m.colon -= n
	m.end -= n
}

// sensitiveASCII is Sensitive for an ASCII name, without allocating.
func sensitiveASCII(name []byte) bool {
	var lower [32]byte
	if len(name) > len(lower) {
		return Sensitive(string(name))
	}
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	return Members[string(lower[:len(name)])]
}

// appendLowerCamelASCII appends tok, a simple string token, with its value
// in LowerCamel form; for ASCII the rule needs no decoding.
func appendLowerCamelASCII(b, tok []byte) []byte {
	s := tok[1 : len(tok)-1]
	upper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	n := 0
	for n < len(s) && upper(s[n]) {
		n++
	}
	if n > 1 && n < len(s) && 'a' <= s[n] && s[n] <= 'z' {
		n-- // "KMSKeyId": the K of Key stays
	}
	b = append(b, '"')
	for _, c := range s[:n] {
		b = append(b, c+'a'-'A')
	}
	b = append(b, s[n:]...)
	return append(b, '"')
}

// enter reads an object's or array's opening character and reports
// whether it is empty (its closing one, read too, follows).
func (r *redactor) enter(open, closing byte, emit bool) (empty bool) {
	r.i++
	if emit {
		r.out = append(r.out, open)
	}
	r.space()
	if r.peek() != closing {
		return false
	}
	r.i++
	if emit {
		r.out = append(r.out, closing)
	}
	return true
}

func (r *redactor) array(emit bool, depth int) bool {
	if r.enter('[', ']', emit) {
		return true
	}
	for n := 0; ; n++ {
		if emit && n > 0 {
			r.out = append(r.out, ',')
		}
		if !r.value(emit, depth) {
			return false
		}
		r.space()
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			if emit {
				r.out = append(r.out, ']')
			}
			return true
		default:
			return false
		}
	}
}
