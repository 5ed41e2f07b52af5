package authz

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
)

// node is one JSON value of a policy document, with the line where it
// starts (where its first token ends).
// Parse reads the document into nodes (not into maps) so that it keeps the
// order of object members, rejects duplicate names and reports line numbers.
type node struct {
	kind  byte   // 's' string, 'n' number, 'b' boolean, 'z' null, 'o' object, 'a' array
	str   string // a string's value, a number's text, "true" or "false"
	keys  []string
	vals  []*node // object members, in document order, parallel to keys
	items []*node // array elements
	line  int
	// start and end are the byte offsets of an object's "{" and of the
	// byte after its "}" (objects only), for Statement.Start and End.
	start, end int
}

// maxDepth bounds nesting; no valid policy comes close.
const maxDepth = 32

type reader struct {
	dec   *json.Decoder
	lines []int // offsets of every '\n' in the document
}

// readJSON parses doc into a tree; it rejects trailing data, duplicate
// object member names and nesting deeper than maxDepth. It also returns
// the offsets of the document's newlines, for position.
func readJSON(doc []byte) (*node, []int, error) {
	r := &reader{dec: json.NewDecoder(bytes.NewReader(doc))}
	r.dec.UseNumber()
	for i, c := range doc {
		if c == '\n' {
			r.lines = append(r.lines, i)
		}
	}
	n, err := r.value(0)
	if err != nil {
		return nil, nil, err
	}
	if _, err := r.dec.Token(); err != io.EOF {
		return nil, nil, perr("", r.line(), "unexpected data after the policy document")
	}
	return n, r.lines, nil
}

// position returns the line and column (both from 1, the column in bytes)
// of byte offset off, given the offsets of the document's newlines.
func position(lines []int, off int) Position {
	i := sort.SearchInts(lines, off)
	lineStart := 0
	if i > 0 {
		lineStart = lines[i-1] + 1
	}
	return Position{Line: i + 1, Column: off - lineStart + 1}
}

// line returns the line of the decoder's position.
func (r *reader) line() int {
	off := int(r.dec.InputOffset())
	return sort.SearchInts(r.lines, off) + 1
}

func (r *reader) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return perr("", sort.SearchInts(r.lines, int(se.Offset))+1, "the policy document is not valid JSON: "+se.Error())
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return perr("", r.line(), "the policy document is not valid JSON: unexpected end of input")
	}
	return perr("", r.line(), "the policy document is not valid JSON: "+err.Error())
}

func (r *reader) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, perr("", r.line(), "the policy document is nested too deeply")
	}
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntax(err)
	}
	n := &node{line: r.line()}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = 'o'
			n.start = int(r.dec.InputOffset()) - 1
			for r.dec.More() {
				kt, err := r.dec.Token()
				if err != nil {
					return nil, r.syntax(err)
				}
				k, _ := kt.(string)
				for _, seen := range n.keys {
					if seen == k {
						return nil, perr("", r.line(), "duplicate member "+quote(k)+" in a JSON object")
					}
				}
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
		case '[':
			n.kind = 'a'
			n.items = []*node{}
			for r.dec.More() {
				v, err := r.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
		default:
			return nil, perr("", r.line(), "the policy document is not valid JSON")
		}
		if _, err := r.dec.Token(); err != nil { // the closing delimiter
			return nil, r.syntax(err)
		}
		n.end = int(r.dec.InputOffset())
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.str = 'n', string(t)
	case bool:
		n.kind = 'b'
		n.str = "false"
		if t {
			n.str = "true"
		}
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

// member returns the value of the object member named k, or nil.
func (n *node) member(k string) *node {
	for i, kk := range n.keys {
		if kk == k {
			return n.vals[i]
		}
	}
	return nil
}

// quote returns s as a JSON string, for messages.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	b, _ := json.Marshal(s)
	return string(b)
}
