package authz

import "strings"

// A template is a string from a policy split into tokens: literal text,
// the wildcards * and ?, and policy variables. Resource ARNs and condition
// values are templates; which tokens they may contain depends on where they
// appear and on the document's Version.

type tokKind uint8

const (
	tLit  tokKind = iota // literal text
	tStar                // * : any run of characters, ':' and '/' included
	tOne                 // ? : exactly one character
	tVar                 // ${key} or ${key, 'default'}
)

type token struct {
	kind tokKind
	lit  string
	v    *variable
}

// variable is a policy variable: the value of a request context key, or
// def when the key is absent (or has more than one value) and hasDef.
type variable struct {
	key    ckey
	def    string
	hasDef bool
}

// tokenize splits s into tokens. With vars, "${...}" is a policy variable
// (or the escapes ${*}, ${?}, ${$}); with wild, * and ? are wildcards.
// Adjacent literals are merged and runs of * collapse into one.
func tokenize(s string, vars, wild bool) ([]token, string) {
	var toks []token
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = append(toks, token{kind: tLit, lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case vars && c == '$' && i+1 < len(s) && s[i+1] == '{':
			v, esc, n, msg := parseVariable(s[i:])
			if msg != "" {
				return nil, msg
			}
			i += n
			if v == nil {
				lit.WriteByte(esc)
				continue
			}
			flush()
			toks = append(toks, token{kind: tVar, v: v})
		case wild && c == '*':
			flush()
			if len(toks) == 0 || toks[len(toks)-1].kind != tStar {
				toks = append(toks, token{kind: tStar})
			}
			i++
		case wild && c == '?':
			flush()
			toks = append(toks, token{kind: tOne})
			i++
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return toks, ""
}

// parseVariable parses the variable at the start of s ("${..."). It returns
// the variable, or for an escape (${*}, ${?}, ${$}) a nil variable and the
// escaped byte; n is the length consumed; msg is set when s does not hold a
// well-formed variable.
func parseVariable(s string) (v *variable, esc byte, n int, msg string) {
	const bad = "malformed policy variable; use ${key}, ${key, 'default'} or the escapes ${*}, ${?}, ${$}"
	if len(s) >= 4 && s[3] == '}' && (s[2] == '*' || s[2] == '?' || s[2] == '$') {
		return nil, s[2], 4, ""
	}
	i := 2
	skip := func() {
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	skip()
	start := i
	for i < len(s) && s[i] != '}' && s[i] != ',' && s[i] != ' ' && s[i] != '\'' && s[i] != '$' && s[i] != '{' {
		i++
	}
	key := s[start:i]
	if key == "" {
		return nil, 0, 0, bad
	}
	v = &variable{key: newKey(key)}
	skip()
	if i < len(s) && s[i] == ',' {
		i++
		skip()
		if i >= len(s) || s[i] != '\'' {
			return nil, 0, 0, bad
		}
		i++
		var def strings.Builder
		for {
			if i >= len(s) {
				return nil, 0, 0, bad
			}
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					def.WriteByte('\'')
					i += 2
					continue
				}
				i++
				break
			}
			def.WriteByte(s[i])
			i++
		}
		v.def, v.hasDef = def.String(), true
		skip()
	}
	if i >= len(s) || s[i] != '}' {
		return nil, 0, 0, bad
	}
	return v, 0, i + 1, ""
}

// resolve returns the value of a variable token for the request in e.
func (v *variable) resolve(e *env) (string, bool) {
	if s, ok := e.single(&v.key); ok {
		return s, true
	}
	if !v.hasDef {
		e.unresolved = true
	}
	return v.def, v.hasDef
}
