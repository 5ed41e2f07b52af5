package authz

import "strings"

// arnPattern is an ARN template compiled for the Arn condition operators:
// each of the six colon-separated fields is matched on its own, so * does
// not cross a ':' before the resource field. A template with fewer than six
// fields is matched as one glob over the whole value.
type arnPattern struct {
	fields [6]pattern
	whole  pattern
	n      int // number of fields (6, or 0 for a whole-value glob)
}

func compileARN(s string, vars bool) (arnPattern, string) {
	toks, msg := tokenize(s, vars, true)
	if msg != "" {
		return arnPattern{}, msg
	}
	var a arnPattern
	var cur []token
	f := 0
	for _, t := range toks {
		if t.kind != tLit || f == 5 {
			cur = append(cur, t)
			continue
		}
		lit := t.lit
		for f < 5 {
			i := strings.IndexByte(lit, ':')
			if i < 0 {
				break
			}
			if i > 0 {
				cur = append(cur, token{kind: tLit, lit: lit[:i]})
			}
			a.fields[f] = newPattern(cur, false)
			cur, f, lit = nil, f+1, lit[i+1:]
		}
		if lit != "" {
			cur = append(cur, token{kind: tLit, lit: lit})
		}
	}
	if f < 5 {
		return arnPattern{whole: newPattern(toks, false)}, ""
	}
	a.fields[5] = newPattern(cur, false)
	a.n = 6
	return a, ""
}

// match reports whether the ARN s matches, field by field.
func (a *arnPattern) match(s string, e *env) bool {
	if a.n == 0 {
		return a.whole.match(s, e)
	}
	for f := 0; f < 5; f++ {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return false
		}
		if !a.fields[f].match(s[:i], e) {
			return false
		}
		s = s[i+1:]
	}
	return a.fields[5].match(s, e)
}
