package sigv4

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// param is one query parameter, decoded (name, value) and in canonical
// encoding (ename, evalue).
type param struct{ name, value, ename, evalue string }

// parseQuery splits a raw query into parameters, appending them to dst.
// A '+' is a space, as for url.ParseQuery, which the SDKs use when they sign.
// Parameters made only of unreserved characters, the common case, cost no
// allocation.
func parseQuery(dst []param, raw string) ([]param, *Error) {
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		var p param
		var ok bool
		if p.name, p.ename, ok = component(k); !ok {
			return dst, fail(ErrIncomplete, "The query string is malformed: invalid percent-encoding.")
		}
		if p.value, p.evalue, ok = component(v); !ok {
			return dst, fail(ErrIncomplete, "The query string is malformed: invalid percent-encoding.")
		}
		dst = append(dst, p)
	}
	return dst, nil
}

// component decodes one query name or value and encodes it canonically.
func component(raw string) (decoded, encoded string, ok bool) {
	if plain(raw, false) {
		return raw, raw, true
	}
	decoded, err := url.QueryUnescape(raw)
	if err != nil {
		return "", "", false
	}
	return decoded, string(appendEscaped(nil, decoded, false)), true
}

// sortQuery orders parameters by encoded name, then encoded value, as the
// canonical query string requires (sorting happens after encoding).
func sortQuery(q []param) {
	slices.SortFunc(q, func(a, b param) int {
		if c := strings.Compare(a.ename, b.ename); c != 0 {
			return c
		}
		return strings.Compare(a.evalue, b.evalue)
	})
}

func appendQuery(dst []byte, q []param) []byte {
	for i, p := range q {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.ename...)
		dst = append(dst, '=')
		dst = append(dst, p.evalue...)
	}
	return dst
}

// canonicalPaths returns the canonical URI of r for service, and for services
// other than S3 a second candidate: SDKs disagree on normalization. The Go
// SDK signs the path as sent; botocore, the JavaScript and Java SDKs first
// remove dot segments and repeated slashes. Both then encode the already
// encoded path again. S3 signs the path as sent, encoded once.
func canonicalPaths(r *http.Request, service string) (sent, normalized string) {
	path := "/"
	if r.URL != nil {
		if p := r.URL.EscapedPath(); p != "" {
			path = p
		}
	}
	if service == "s3" {
		return path, ""
	}
	if n := normalizePath(path); n != path {
		normalized = string(appendEscaped(nil, n, true))
	}
	if plain(path, true) {
		return path, normalized
	}
	return string(appendEscaped(nil, path, true)), normalized
}

// normalizePath removes "." and ".." segments and empty segments, keeping a
// leading and a trailing slash, as botocore's remove_dot_segments does.
func normalizePath(p string) string {
	if !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		return p
	}
	var segs []string
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, s)
		}
	}
	n := "/" + strings.Join(segs, "/")
	if len(segs) > 0 && strings.HasSuffix(p, "/") {
		n += "/"
	}
	return n
}

// appendHeader appends the canonical value of the signed header name:
// values trimmed, inner runs of spaces collapsed, several values joined by
// commas. host comes from r.Host.
func appendHeader(dst []byte, r *http.Request, name string) []byte {
	if name == "host" {
		host := r.Host
		if host == "" && r.URL != nil {
			host = r.URL.Host
		}
		return appendTrimmed(dst, host)
	}
	values := headerValues(r.Header, name)
	if len(values) == 0 && name == "content-length" && r.ContentLength > 0 {
		return strconv.AppendInt(dst, r.ContentLength, 10)
	}
	for i, v := range values {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendTrimmed(dst, v)
	}
	return dst
}

// headerValues looks name up in h as textproto.CanonicalMIMEHeaderKey would
// key it, without allocating for names of up to 64 bytes.
func headerValues(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) > len(buf) {
		return h.Values(name)
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isTokenChar(c) {
			return h[name] // textproto leaves such keys as they are
		}
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
		upper = c == '-'
	}
	return h[string(buf[:len(name)])]
}

func appendTrimmed(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "  ") {
		return append(dst, v...)
	}
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' && i > 0 && v[i-1] == ' ' {
			continue
		}
		dst = append(dst, v[i])
	}
	return dst
}

// appendEscaped appends s with every byte outside the RFC 3986 unreserved
// set percent-encoded in upper case; '/' is kept when keepSlash.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || c == '/' && keepSlash {
			dst = append(dst, c)
		} else {
			dst = append(dst, '%', hex[c>>4], hex[c&15])
		}
	}
	return dst
}

// plain reports whether appendEscaped would leave s unchanged.
func plain(s string, keepSlash bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isUnreserved(c) && !(c == '/' && keepSlash) {
			return false
		}
	}
	return true
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// isTokenChar reports whether c may appear in an HTTP header name (RFC 9110).
func isTokenChar(c byte) bool {
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '^', '`', '|':
		return true
	}
	return isUnreserved(c)
}
