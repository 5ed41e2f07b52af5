package scan

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/arca-vault/arca"
)

// MaxFileSize is the largest file or blob scanned; larger ones are skipped
// (generated data, archives), as binary files are.
const MaxFileSize = 1 << 20

// allowMarkers on a line silence every finding on that line.
var allowMarkers = []string{"arca:allow", "gitleaks:allow"}

// Finding is one secret found: where, by which rule, and the secret itself,
// which never prints (arca.Value).
type Finding struct {
	Path   string // slash-separated, relative to the scanned directory
	Line   int    // 1-based line where the match starts
	RuleID string
	Commit string // the commit that introduced the blob (history scans), else ""
	Secret arca.Value
}

// Excerpt is what may be shown of the secret: its first 4 characters and an
// ellipsis, or only the ellipsis when the secret is too short to spare any.
func (f Finding) Excerpt() string {
	s := string(f.Secret)
	if utf8.RuneCountInString(s) < 12 {
		return "…"
	}
	n := 0
	for i := range s {
		if n == 4 {
			return s[:i] + "…"
		}
		n++
	}
	return "…"
}

// String is the report line: "path:line: rule-id (AKIA…)", with
// " commit abc1234" for a finding in history.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Path)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(f.Line))
	b.WriteString(": ")
	b.WriteString(f.RuleID)
	b.WriteString(" (")
	b.WriteString(f.Excerpt())
	b.WriteByte(')')
	if f.Commit != "" {
		b.WriteString(" commit ")
		b.WriteString(shortHash(f.Commit))
	}
	return b.String()
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// Detector runs a rule set over file contents. It is safe for concurrent use.
type Detector struct {
	rules *Rules
}

// NewDetector returns a detector for rs (DefaultRules when rs is nil).
// It returns an error only when the embedded rules are broken.
func NewDetector(rs *Rules) (*Detector, error) {
	if rs == nil {
		var err error
		if rs, err = DefaultRules(); err != nil {
			return nil, err
		}
	}
	return &Detector{rules: rs}, nil
}

// IsBinary reports whether content looks binary: a NUL byte in the first
// 8000 bytes, git's own test.
func IsBinary(content []byte) bool {
	head := content
	if len(head) > 8000 {
		head = head[:8000]
	}
	return bytes.IndexByte(head, 0) >= 0
}

// Scan returns the findings in one file's content; path (slash-separated)
// feeds the rules' path filters and the findings. Binary content and
// content larger than MaxFileSize yield nothing.
func (d *Detector) Scan(path string, content []byte) []Finding {
	if len(content) == 0 || len(content) > MaxFileSize || IsBinary(content) {
		return nil
	}
	for i := range d.rules.Global {
		if d.rules.Global[i].fileSkipped(path) {
			return nil
		}
	}
	text := string(content)
	lower := asciiLower(content)
	var out []Finding
	for i := range d.rules.Rules {
		out = d.scanRule(out, &d.rules.Rules[i], path, text, lower)
	}
	return dropGenericOverlaps(out)
}

func (d *Detector) scanRule(out []Finding, r *Rule, path, text, lower string) []Finding {
	if r.Path != nil && !r.Path.MatchString(path) {
		return out
	}
	for i := range r.Allowlists {
		if r.Allowlists[i].fileSkipped(path) {
			return out
		}
	}
	for _, w := range windows(r, text, lower) {
		out = d.scanWindow(out, r, path, text, w)
	}
	return out
}

// multiLineWindow is how far past its keyword's line a multi-line rule looks.
const multiLineWindow = 32 << 10

// windows are the parts of text that rule r runs on: the lines holding one
// of its keywords (from there up to multiLineWindow bytes for multi-line
// rules), overlapping ones merged. Go's regexp is linear but costly for the
// rule set's bounded repetitions; running them over whole files instead of
// the few lines that can match costs seconds per megabyte.
func windows(r *Rule, text, lower string) [][2]int {
	if len(r.Keywords) == 0 {
		return [][2]int{{0, len(text)}}
	}
	var ws [][2]int
	for _, k := range r.Keywords {
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], k)
			if i < 0 {
				break
			}
			pos := from + i
			start := strings.LastIndexByte(text[:pos], '\n') + 1
			stop := pos
			if r.MultiLine {
				stop = min(pos+multiLineWindow, len(text))
			}
			end := len(text)
			if j := strings.IndexByte(text[stop:], '\n'); j >= 0 {
				end = stop + j + 1
			}
			ws = append(ws, [2]int{start, end})
			from = end // the rest of this window needs no second look
		}
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i][0] < ws[j][0] })
	merged := ws[:0]
	for _, w := range ws {
		if n := len(merged); n > 0 && w[0] < merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], w[1])
			continue
		}
		merged = append(merged, w)
	}
	return merged
}

func (d *Detector) scanWindow(out []Finding, r *Rule, path, text string, w [2]int) []Finding {
	for _, m := range r.Regex.FindAllStringSubmatchIndex(text[w[0]:w[1]], -1) {
		for i := range m {
			if m[i] >= 0 {
				m[i] += w[0]
			}
		}
		start, end := m[0], m[1]
		for start < end && text[start] == '\n' {
			start++
		}
		for end > start && text[end-1] == '\n' {
			end--
		}
		if start == end {
			continue
		}
		match := text[start:end]
		secret := match
		if r.SecretGroup > 0 {
			if g := m[2*r.SecretGroup]; g >= 0 {
				secret = text[g:m[2*r.SecretGroup+1]]
			}
		} else {
			for g := 1; g <= r.Regex.NumSubexp(); g++ {
				if s, e := m[2*g], m[2*g+1]; s >= 0 && e > s {
					secret = text[s:e]
					break
				}
			}
		}
		if r.Entropy != 0 && shannonEntropy(secret) <= r.Entropy {
			continue
		}
		lineStart := strings.LastIndexByte(text[:start], '\n') + 1
		lineEnd := strings.IndexByte(text[start:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += start
		}
		line := text[lineStart:lineEnd]
		if containsAny(line, allowMarkers) || d.allowed(r, path, secret, match, line) {
			continue
		}
		out = append(out, Finding{
			Path:   path,
			Line:   strings.Count(text[:start], "\n") + 1,
			RuleID: r.ID,
			Secret: arca.Value(secret),
		})
	}
	return out
}

func (d *Detector) allowed(r *Rule, path, secret, match, line string) bool {
	for i := range d.rules.Global {
		if d.rules.Global[i].findingAllowed(path, secret, match, line) {
			return true
		}
	}
	for i := range r.Allowlists {
		if r.Allowlists[i].findingAllowed(path, secret, match, line) {
			return true
		}
	}
	return false
}

// genericRank orders the catch-all rules below the specific ones: on one
// line, a catch-all finding whose secret overlaps a better-ranked finding's
// is the same secret reported twice.
var genericRank = map[string]int{"generic-api-key": 1, "high-entropy-assignment": 2}

// dropGenericOverlaps sorts fs by line and drops the catch-all duplicates.
func dropGenericOverlaps(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Line < fs[j].Line })
	out := fs[:0:0]
	for i, f := range fs {
		rank := genericRank[f.RuleID]
		dup := false
		// Only findings on the same line compare; fs is sorted by line.
		for j := i - 1; rank > 0 && j >= 0 && fs[j].Line == f.Line && !dup; j-- {
			dup = overlaps(f, fs[j], rank)
		}
		for j := i + 1; rank > 0 && j < len(fs) && fs[j].Line == f.Line && !dup; j++ {
			dup = overlaps(f, fs[j], rank)
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// overlaps reports whether g, ranked better than rank, found f's secret.
func overlaps(f, g Finding, rank int) bool {
	if genericRank[g.RuleID] >= rank {
		return false
	}
	a, b := string(f.Secret), string(g.Secret)
	return strings.Contains(a, b) || strings.Contains(b, a)
}

// asciiLower lowercases A-Z only, so that offsets in the result are
// offsets in content (keywords are ASCII).
func asciiLower(content []byte) string {
	b := make([]byte, len(content))
	for i, c := range content {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// shannonEntropy is the entropy in bits per byte of s.
func shannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	n := float64(len(s))
	e := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			e -= p * math.Log2(p)
		}
	}
	return e
}
