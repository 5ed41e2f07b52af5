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
// as decoding into a map does. Strings are re-encoded as encoding/json
// writes them (invalid UTF-8 becomes U+FFFD); numbers are copied as given.
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
		s, ok := r.str()
		if ok {
			r.out = jsonstr.Append(r.out, s)
		}
		return ok
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

// str reads a string token and returns its value.
func (r *redactor) str() (string, bool) {
	start := r.i // the opening quote
	r.i++
	plain := true
	for r.i < len(r.in) {
		switch c := r.in[r.i]; {
		case c == '"':
			r.i++
			tok := r.in[start:r.i]
			if plain {
				return string(tok[1 : len(tok)-1]), true
			}
			var s string
			if json.Unmarshal(tok, &s) != nil {
				return "", false
			}
			return s, true
		case c == '\\':
			plain = false
			r.i += 2 // the escape's first character; Unmarshal checks the rest
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			plain = false // invalid UTF-8 is decoded to U+FFFD, as Unmarshal does
			r.i++
		default:
			r.i++
		}
	}
	return "", false
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

// member is one member written so far in the current object: its name and
// where it starts in out (including the comma before it).
type member struct {
	name       string
	start, end int
}

func (r *redactor) object(emit bool, depth int) bool {
	if r.enter('{', '}', emit) {
		return true
	}
	open := len(r.out)
	var members []member
	for {
		r.space()
		if r.peek() != '"' {
			return false
		}
		name, ok := r.str()
		if !ok {
			return false
		}
		r.space()
		if r.peek() != ':' {
			return false
		}
		r.i++
		keep := emit && !Sensitive(name)
		if keep {
			name = LowerCamel(name)
			for j, m := range members {
				if m.name == name { // the later one wins: cut the earlier one out
					n := m.end - m.start
					r.out = append(r.out[:m.start], r.out[m.end:]...)
					members = append(members[:j], members[j+1:]...)
					for k := j; k < len(members); k++ {
						members[k].start -= n
						members[k].end -= n
					}
					break
				}
			}
			start := len(r.out)
			if start > open {
				r.out = append(r.out, ',')
			}
			r.out = jsonstr.Append(r.out, name)
			r.out = append(r.out, ':')
			if !r.value(true, depth) {
				return false
			}
			members = append(members, member{name, start, len(r.out)})
		} else if !r.value(false, depth) {
			return false
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
