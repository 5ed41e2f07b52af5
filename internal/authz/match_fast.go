package authz

import "strings"

// grams is a 256-bit set of hashed character pairs: a pattern can only match
// a string whose set holds the pattern's. Checking that costs a few
// instructions and rejects most non-matching resource patterns before any
// string search.
type grams [4]uint64

func (g *grams) add(s string) {
	for i := 0; i+1 < len(s); i++ {
		h := (uint(s[i])*31 + uint(s[i+1])) & 255
		g[h>>6] |= 1 << (h & 63)
	}
}

// covers reports whether g holds every pair in p.
func (g *grams) covers(p *grams) bool {
	return p[0]&^g[0]|p[1]&^g[1]|p[2]&^g[2]|p[3]&^g[3] == 0
}

// starsOnly reports whether toks hold only literals and stars.
func starsOnly(toks []token) bool {
	for _, t := range toks {
		if t.kind != tLit && t.kind != tStar {
			return false
		}
	}
	return true
}

// compileStars splits a literals-and-stars pattern into its prefix, the
// literals between stars and its suffix.
func (p *pattern) compileStars(toks []token) {
	i := 0
	if toks[0].kind == tLit {
		p.lit, i = toks[0].lit, 1
	}
	last := len(toks)
	if toks[last-1].kind == tLit && last-1 >= i {
		p.suffix, last = toks[last-1].lit, last-1
	} else {
		p.trailing = true
	}
	for _, t := range toks[i:last] {
		if t.kind == tLit {
			p.mids = append(p.mids, t.lit)
		}
	}
	for j, m := range p.mids {
		if len(m) > len(p.mids[p.longest]) {
			p.longest = j
		}
	}
}

// matchStars matches a fastStars pattern: with only * between literals, the
// leftmost occurrence of each literal is always the right one.
func (p *pattern) matchStars(s string) bool {
	if len(s) < len(p.lit)+len(p.suffix) || s[:len(p.lit)] != p.lit {
		return false
	}
	end := len(s)
	if !p.trailing {
		if s[len(s)-len(p.suffix):] != p.suffix {
			return false
		}
		end -= len(p.suffix)
	}
	s = s[len(p.lit):end]
	if len(p.mids) > 1 && !strings.Contains(s, p.mids[p.longest]) {
		return false // the most selective literal first
	}
	for _, m := range p.mids {
		i := strings.Index(s, m)
		if i < 0 {
			return false
		}
		s = s[i+len(m):]
	}
	return true
}

// anyResource reports whether the request's resource matches one of ps.
func anyResource(ps []pattern, e *env) bool {
	if !e.gramsSet {
		e.grams.add(e.req.Resource)
		e.gramsSet = true
	}
	for i := range ps {
		if e.grams.covers(&ps[i].grams) && ps[i].match(e.req.Resource, e) {
			return true
		}
	}
	return false
}
