package scan

import (
	_ "embed"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/BurntSushi/toml"
)

// gitleaksRules is the default rule set of gitleaks v8.30.1 (MIT, see
// LICENSE.gitleaks), copied verbatim from the module's config/gitleaks.toml:
// a maintained rule set is better than one we would write, and embedding the
// data avoids the library's ~70 modules (a WebAssembly regexp runtime,
// archive decoders, viper, a global logger). See docs/scan.md for updating.
//
//go:embed gitleaks.toml
var gitleaksRules []byte

// arcaRules are arca's own additions, in the same format.
//
//go:embed arca_rules.toml
var arcaRules []byte

// Rule is one detector: a regular expression with the keywords that must
// appear (lowercased) before it runs, an optional minimum entropy for the
// extracted secret, an optional path filter and allowlists.
type Rule struct {
	ID          string
	Description string
	Regex       *regexp.Regexp
	SecretGroup int
	Entropy     float64
	Keywords    []string
	Path        *regexp.Regexp
	Allowlists  []Allowlist
	// MultiLine is set when the regex can run across many lines (an
	// unbounded repetition that accepts a newline, as in private key
	// blocks): it then sees up to multiLineWindow bytes from each keyword's
	// line instead of that line alone.
	MultiLine bool
}

// Allowlist says when a match is not a finding. With condition AND every
// check present must hold; otherwise (OR) a regex or stopword match is enough
// for a finding, and a path match skips the whole file.
type Allowlist struct {
	And       bool
	Paths     []*regexp.Regexp
	Regexes   []*regexp.Regexp
	Target    string // "secret" (default), "match" or "line"
	StopWords []string
}

// Rules is a compiled rule set: the rules and the global allowlists.
type Rules struct {
	Rules  []Rule
	Global []Allowlist
}

type fileAllowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	Paths       []string `toml:"paths"`
	Regexes     []string `toml:"regexes"`
	RegexTarget string   `toml:"regexTarget"`
	StopWords   []string `toml:"stopwords"`
	Commits     []string `toml:"commits"`
}

type fileRule struct {
	ID          string          `toml:"id"`
	Description string          `toml:"description"`
	Regex       string          `toml:"regex"`
	SecretGroup int             `toml:"secretGroup"`
	Entropy     float64         `toml:"entropy"`
	Keywords    []string        `toml:"keywords"`
	Path        string          `toml:"path"`
	Tags        []string        `toml:"tags"`
	Allowlists  []fileAllowlist `toml:"allowlists"`
	Allowlist   *fileAllowlist  `toml:"allowlist"`
}

type fileConfig struct {
	Title      string          `toml:"title"`
	MinVersion string          `toml:"minVersion"`
	Allowlist  *fileAllowlist  `toml:"allowlist"`
	Allowlists []fileAllowlist `toml:"allowlists"`
	Rules      []fileRule      `toml:"rules"`
}

// DefaultRules is the gitleaks default rule set plus arca's own rules.
// It returns an error only if the embedded data is broken (a test guards it).
func DefaultRules() (*Rules, error) {
	rs, err := ParseRules(gitleaksRules)
	if err != nil {
		return nil, fmt.Errorf("gitleaks rules: %w", err)
	}
	extra, err := ParseRules(arcaRules)
	if err != nil {
		return nil, fmt.Errorf("arca rules: %w", err)
	}
	rs.Rules = append(rs.Rules, extra.Rules...)
	rs.Global = append(rs.Global, extra.Global...)
	return rs, nil
}

// ParseRules compiles a rule set in the gitleaks TOML format. Keys it does
// not understand are errors, so that a newer rule file cannot be silently
// half-applied.
func ParseRules(data []byte) (*Rules, error) {
	var fc fileConfig
	md, err := toml.Decode(string(data), &fc)
	if err != nil {
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, fmt.Errorf("unknown keys: %v", und)
	}
	rs := &Rules{}
	globals := fc.Allowlists
	if fc.Allowlist != nil {
		globals = append(globals, *fc.Allowlist)
	}
	for _, fa := range globals {
		a, err := compileAllowlist(fa)
		if err != nil {
			return nil, fmt.Errorf("global allowlist: %w", err)
		}
		rs.Global = append(rs.Global, a)
	}
	for _, fr := range fc.Rules {
		if fr.Regex == "" {
			// Path-only rules (the file's existence is the finding, e.g.
			// *.p12) are about binary files, which arca skips; a line
			// report cannot express them.
			continue
		}
		r, err := compileRule(fr)
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", fr.ID, err)
		}
		rs.Rules = append(rs.Rules, r)
	}
	return rs, nil
}

func compileRule(fr fileRule) (Rule, error) {
	r := Rule{ID: fr.ID, Description: fr.Description, SecretGroup: fr.SecretGroup, Entropy: fr.Entropy}
	if fr.ID == "" {
		return r, fmt.Errorf("no id")
	}
	if fr.Regex == "" {
		return r, fmt.Errorf("no regex")
	}
	var err error
	if r.Regex, err = regexp.Compile(fr.Regex); err != nil {
		return r, err
	}
	if r.MultiLine, err = spansLines(fr.Regex); err != nil {
		return r, err
	}
	if fr.SecretGroup > r.Regex.NumSubexp() {
		return r, fmt.Errorf("secretGroup %d > %d groups", fr.SecretGroup, r.Regex.NumSubexp())
	}
	if fr.Path != "" {
		if r.Path, err = regexp.Compile(fr.Path); err != nil {
			return r, err
		}
	}
	for _, k := range fr.Keywords {
		r.Keywords = append(r.Keywords, strings.ToLower(k))
	}
	fas := fr.Allowlists
	if fr.Allowlist != nil {
		fas = append(fas, *fr.Allowlist)
	}
	for _, fa := range fas {
		a, err := compileAllowlist(fa)
		if err != nil {
			return r, err
		}
		r.Allowlists = append(r.Allowlists, a)
	}
	return r, nil
}

func compileAllowlist(fa fileAllowlist) (Allowlist, error) {
	a := Allowlist{Target: fa.RegexTarget}
	switch strings.ToUpper(fa.Condition) {
	case "", "OR":
	case "AND", "&&":
		a.And = true
	default:
		return a, fmt.Errorf("allowlist condition %q", fa.Condition)
	}
	switch fa.RegexTarget {
	case "", "secret", "match", "line":
	default:
		return a, fmt.Errorf("allowlist regexTarget %q", fa.RegexTarget)
	}
	if len(fa.Commits) > 0 {
		// Commit allowlists belong in a baseline, which arca has.
		return a, fmt.Errorf("allowlist commits are not supported")
	}
	for _, p := range fa.Paths {
		re, err := regexp.Compile(p)
		if err != nil {
			return a, err
		}
		a.Paths = append(a.Paths, re)
	}
	for _, p := range fa.Regexes {
		re, err := regexp.Compile(p)
		if err != nil {
			return a, err
		}
		a.Regexes = append(a.Regexes, re)
	}
	for _, w := range fa.StopWords {
		a.StopWords = append(a.StopWords, strings.ToLower(w))
	}
	return a, nil
}

// spansLines reports whether expr has a repetition of at least 64 (or
// unbounded) over something that accepts a newline.
func spansLines(expr string) (bool, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false, err
	}
	return spans(re.Simplify()), nil
}

func spans(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus:
		if acceptsNewline(re.Sub[0]) {
			return true
		}
	case syntax.OpRepeat:
		if (re.Max == -1 || re.Max >= 64) && acceptsNewline(re.Sub[0]) {
			return true
		}
	}
	for _, sub := range re.Sub {
		if spans(sub) {
			return true
		}
	}
	return false
}

func acceptsNewline(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar:
		return true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return true
			}
		}
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r == '\n' {
				return true
			}
		}
	}
	for _, sub := range re.Sub {
		if acceptsNewline(sub) {
			return true
		}
	}
	return false
}

// pathAllowed reports whether the allowlist skips every match in path.
func (a *Allowlist) pathAllowed(path string) bool {
	return anyMatch(a.Paths, path)
}

// fileSkipped reports whether an OR allowlist with paths skips the whole
// file (as gitleaks does before running the rule).
func (a *Allowlist) fileSkipped(path string) bool {
	return !a.And && a.pathAllowed(path)
}

// findingAllowed applies the allowlist to one match.
func (a *Allowlist) findingAllowed(path, secret, match, line string) bool {
	target := secret
	switch a.Target {
	case "match":
		target = match
	case "line":
		target = line
	}
	regexOK := target != "" && anyMatch(a.Regexes, target)
	stopOK := containsStopWord(a.StopWords, secret)
	if !a.And {
		return regexOK || stopOK
	}
	checks := 0
	if len(a.Paths) > 0 {
		checks++
		if !a.pathAllowed(path) {
			return false
		}
	}
	if len(a.Regexes) > 0 {
		checks++
		if !regexOK {
			return false
		}
	}
	if len(a.StopWords) > 0 {
		checks++
		if !stopOK {
			return false
		}
	}
	return checks > 0
}

func anyMatch(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func containsStopWord(words []string, s string) bool {
	if len(words) == 0 || s == "" {
		return false
	}
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
