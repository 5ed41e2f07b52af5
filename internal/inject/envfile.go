package inject

import (
	"fmt"
	"strings"
)

// ParseEnvFile reads a bootstrap env file (dotenv): NAME=VALUE lines, blank
// lines and # comments, an optional "export " prefix, values unquoted
// (trimmed, ending at " #"), in single quotes (literal) or in double quotes
// (with \n \t \" \\ \$ escapes; may span lines). Nothing is expanded.
// Later lines win. file names the file in messages.
//
// Errors ("file:line: ..."; never the value): a line without "=", an
// invalid name, an unterminated quote, text after a closing quote.
func ParseEnvFile(file string, data []byte) (map[string]string, error) {
	out := map[string]string{}
	s := envScanner{file: file, src: strings.ReplaceAll(string(data), "\r\n", "\n"), line: 1}
	for s.more() {
		name, val, ok, err := s.entry()
		if err != nil {
			return nil, err
		}
		if ok {
			out[name] = val
		}
	}
	return out, nil
}

type envScanner struct {
	file string
	src  string
	pos  int
	line int
}

func (s *envScanner) more() bool { return s.pos < len(s.src) }

func (s *envScanner) errf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", s.file, s.line, fmt.Sprintf(format, args...))
}

// restOfLine returns the text up to the end of the line and moves past it.
func (s *envScanner) restOfLine() string {
	end := strings.IndexByte(s.src[s.pos:], '\n')
	var text string
	if end < 0 {
		text, s.pos = s.src[s.pos:], len(s.src)
	} else {
		text, s.pos = s.src[s.pos:s.pos+end], s.pos+end+1
	}
	return text
}

// entry reads one line (or one multi-line quoted value).
func (s *envScanner) entry() (name, val string, ok bool, err error) {
	defer func() { s.line++ }()
	lineStart := s.pos
	text := s.restOfLine()
	trimmed := strings.TrimSpace(text)
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return "", "", false, nil
	}
	trimmed = strings.TrimPrefix(trimmed, "export ")
	eq := strings.IndexByte(trimmed, '=')
	if eq < 0 {
		return "", "", false, s.errf("want NAME=VALUE")
	}
	name = strings.TrimSpace(trimmed[:eq])
	if !ValidName(name) {
		return "", "", false, s.errf("%q is not a valid variable name", name)
	}
	// Re-scan the value from the source, since a quoted one may span lines.
	s.pos = lineStart + strings.IndexByte(text, '=') + 1
	for s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t') {
		s.pos++
	}
	if s.pos < len(s.src) && (s.src[s.pos] == '\'' || s.src[s.pos] == '"') {
		val, err = s.quoted(name)
		return name, val, err == nil, err
	}
	raw := s.restOfLine()
	if i := strings.Index(raw, " #"); i >= 0 {
		raw = raw[:i]
	}
	return name, strings.TrimSpace(raw), true, nil
}

// quoted reads a quoted value starting at the quote, then the rest of the
// line, which may only hold a comment.
func (s *envScanner) quoted(name string) (string, error) {
	q := s.src[s.pos]
	s.pos++
	startLine := s.line
	var b strings.Builder
	for {
		if s.pos >= len(s.src) {
			s.line = startLine
			return "", s.errf("%s: unterminated %c quote", name, q)
		}
		c := s.src[s.pos]
		s.pos++
		switch {
		case c == q:
			rest := strings.TrimSpace(s.restOfLine())
			if rest != "" && !strings.HasPrefix(rest, "#") {
				return "", s.errf("%s: unexpected text after the closing quote", name)
			}
			return b.String(), nil
		case c == '\n':
			s.line++
			b.WriteByte(c)
		case c == '\\' && q == '"' && s.pos < len(s.src):
			e := s.src[s.pos]
			s.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '"', '\\', '$', '`':
				b.WriteByte(e)
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
}
