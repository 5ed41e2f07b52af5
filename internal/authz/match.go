package authz

import (
	"strings"
	"unicode/utf8"
)

// pattern is a compiled template: a glob over the whole string in which *
// spans any characters (':' and '/' included) and ? is one character, with
// policy variables substituted as literal text. Patterns are compiled once
// by Parse; matching allocates nothing.
type pattern struct {
	toks []token
	fold bool // compare case-insensitively
	fast fastKind
	lit  string // the literal of fastExact and fastPrefix; the prefix of fastStars
	// fastStars: lit * mids[0] * mids[1] ... * suffix (trailing: no suffix).
	mids     []string
	suffix   string
	trailing bool
	longest  int   // index of the longest of mids, checked first
	grams    grams // the character pairs of the literal tokens (not fold)
}

type fastKind uint8

const (
	fastNone   fastKind = iota // walk the tokens
	fastAll                    // "*"
	fastExact                  // one literal
	fastPrefix                 // literal then *
	fastStars                  // literals and * only, case-sensitive
)

// compile builds a pattern from s; see tokenize for vars and wild.
func compile(s string, vars, wild, fold bool) (pattern, string) {
	toks, msg := tokenize(s, vars, wild)
	if msg != "" {
		return pattern{}, msg
	}
	return newPattern(toks, fold), ""
}

func newPattern(toks []token, fold bool) pattern {
	p := pattern{toks: toks, fold: fold}
	if !fold {
		for _, t := range toks {
			if t.kind == tLit {
				p.grams.add(t.lit)
			}
		}
	}
	switch {
	case len(toks) == 1 && toks[0].kind == tStar:
		p.fast = fastAll
	case len(toks) == 0:
		p.fast, p.lit = fastExact, ""
	case len(toks) == 1 && toks[0].kind == tLit:
		p.fast, p.lit = fastExact, toks[0].lit
	case len(toks) == 2 && toks[0].kind == tLit && toks[1].kind == tStar:
		p.fast, p.lit = fastPrefix, toks[0].lit
	case !fold && starsOnly(toks):
		p.fast = fastStars
		p.compileStars(toks)
	}
	return p
}

// hasPrefix reports whether s starts with lit, case-insensitively if fold.
func hasPrefix(s, lit string, fold bool) bool {
	if len(s) < len(lit) {
		return false
	}
	if fold {
		return foldEqual(s[:len(lit)], lit)
	}
	return s[:len(lit)] == lit
}

// foldEqual is strings.EqualFold with a fast path for ASCII, which every
// action name is.
func foldEqual(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if x|y >= 0x80 {
			return strings.EqualFold(a[i:], b[i:])
		}
		if x|0x20 != y|0x20 || x|0x20 < 'a' || x|0x20 > 'z' {
			return false
		}
	}
	return true
}

// match reports whether s matches the pattern. Variables are resolved
// against e; a variable without a value (and without a default) makes the
// pattern match nothing.
func (p *pattern) match(s string, e *env) bool {
	switch p.fast {
	case fastAll:
		return true
	case fastExact:
		return len(s) == len(p.lit) && hasPrefix(s, p.lit, p.fold)
	case fastPrefix:
		return hasPrefix(s, p.lit, p.fold)
	case fastStars:
		return p.matchStars(s)
	}
	toks := p.toks
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for {
		if ti < len(toks) {
			t := &toks[ti]
			switch t.kind {
			case tStar:
				starTi, starSi = ti, si
				ti++
				if !p.seek(&ti, &si, &starSi, s, e) {
					return false
				}
				continue
			case tOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					ti++
					continue
				}
			default:
				lit, ok := t.text(e)
				if !ok {
					return false
				}
				if hasPrefix(s[si:], lit, p.fold) {
					si += len(lit)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		// Mismatch: let the last * swallow one more character.
		if starTi < 0 || starSi >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starSi:])
		starSi += n
		si, ti = starSi, starTi+1
		if !p.seek(&ti, &si, &starSi, s, e) {
			return false
		}
	}
}

// seek moves a * (which starts matching at *si, token *ti follows it) on
// to the next place where the literal after it occurs, so that the star does
// not advance one character at a time. It returns false when the literal
// occurs nowhere further on: then no way of matching remains, since an
// earlier * can only push the literal further right.
func (p *pattern) seek(ti, si, starSi *int, s string, e *env) bool {
	if p.fold || *ti >= len(p.toks) {
		return true
	}
	t := &p.toks[*ti]
	if t.kind != tLit && t.kind != tVar {
		return true
	}
	lit, ok := t.text(e)
	if !ok {
		return false
	}
	i := strings.Index(s[*si:], lit)
	if i < 0 {
		return false
	}
	*si += i
	*starSi = *si
	return true
}

// text returns the literal a token stands for: its text, or a variable's
// value.
func (t *token) text(e *env) (string, bool) {
	if t.kind == tVar {
		return t.v.resolve(e)
	}
	return t.lit, true
}

// anyMatch reports whether s matches one of ps.
func anyMatch(ps []pattern, s string, e *env) bool {
	for i := range ps {
		if ps[i].match(s, e) {
			return true
		}
	}
	return false
}

// Glob is a wildcard pattern with IAM's rules: * spans any characters
// (':' and '/' included), ? is one character, case matters. It lets other
// packages (alert rules) match ARNs exactly as policies do, with one
// matcher in the code base.
type Glob struct{ p pattern }

// CompileGlob compiles s; every string is a valid glob.
func CompileGlob(s string) Glob {
	p, _ := compile(s, false, true, false)
	return Glob{p}
}

// Match reports whether s matches the whole pattern.
func (g *Glob) Match(s string) bool { return g.p.match(s, nil) }
