package sigv4

import (
	"net/http"
	"strconv"
	"time"
)

const (
	amzDateLayout = "20060102T150405Z"
	maxExpires    = 7 * 24 * time.Hour // AWS's limit on X-Amz-Expires
)

// claim is what a request says about its own signature, in either form.
type claim struct {
	Authorization
	amzDate   string    // the request time as it appears in the string to sign
	time      time.Time // amzDate, parsed
	token     string    // X-Amz-Security-Token
	payload   string    // X-Amz-Content-Sha256, if sent
	presigned bool
	expires   time.Duration // X-Amz-Expires; -1 when absent or not presigned
}

// read fills c from r's Authorization header or, failing that, from the
// presigned parameters in q, which it removes X-Amz-Signature from.
func (c *claim) read(r *http.Request, q []param) ([]param, *Error) {
	c.expires = -1
	auth := r.Header["Authorization"]
	presigned := hasAuthParam(q)
	switch {
	case len(auth) > 1:
		return q, fail(ErrIncomplete, "The request has more than one Authorization header.")
	case len(auth) == 1 && auth[0] != "" && presigned:
		return q, fail(ErrIncomplete, "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified.")
	case len(auth) == 1 && auth[0] != "":
		if err := c.Authorization.parse(auth[0]); err != nil {
			return q, err
		}
		if err := c.readHeaderDate(r); err != nil {
			return q, err
		}
		c.token = first(r.Header["X-Amz-Security-Token"])
	case presigned:
		var err *Error
		if q, err = c.readQuery(q); err != nil {
			return q, err
		}
	default:
		return q, fail(ErrMissing, "Missing Authentication Token")
	}
	c.payload = first(r.Header["X-Amz-Content-Sha256"])
	if c.Date != c.amzDate[:8] {
		return q, fail(ErrIncomplete, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+
			c.Date+"' != '"+c.amzDate[:8]+"', from '"+c.amzDate+"'.")
	}
	return q, nil
}

// readHeaderDate takes the request time from X-Amz-Date or else Date.
func (c *claim) readHeaderDate(r *http.Request) *Error {
	if d := first(r.Header["X-Amz-Date"]); d != "" {
		return c.setDate(d, "X-Amz-Date")
	}
	d := first(r.Header["Date"])
	if d == "" {
		return fail(ErrIncomplete, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	t, err := http.ParseTime(d)
	if err != nil {
		return fail(ErrIncomplete, "Date header is not a valid HTTP date: '"+clip(d)+"'.")
	}
	c.time = t.UTC()
	c.amzDate = c.time.Format(amzDateLayout)
	return nil
}

func (c *claim) setDate(d, from string) *Error {
	t, err := time.Parse(amzDateLayout, d)
	if err != nil || len(d) != len(amzDateLayout) {
		return fail(ErrIncomplete, from+" must be in the ISO8601 basic format \"yyyyMMdd'T'HHmmss'Z'\", not '"+clip(d)+"'.")
	}
	c.amzDate, c.time = d, t
	return nil
}

// readQuery reads the presigned parameters and returns q without
// X-Amz-Signature, which the canonical query string leaves out.
func (c *claim) readQuery(q []param) ([]param, *Error) {
	c.presigned = true
	var alg, cred, date, expires string
	kept := q[:0]
	for _, p := range q {
		var dst *string
		switch p.name {
		case "X-Amz-Algorithm":
			dst = &alg
		case "X-Amz-Credential":
			dst = &cred
		case "X-Amz-Date":
			dst = &date
		case "X-Amz-SignedHeaders":
			dst = &c.SignedHeaders
		case "X-Amz-Expires":
			dst = &expires
		case "X-Amz-Security-Token":
			dst = &c.token
		case "X-Amz-Signature":
			dst = &c.Signature
		}
		if dst != nil && *dst != "" {
			return q, fail(ErrIncomplete, "AWS query-string parameters must not repeat '"+p.name+"'.")
		}
		if dst != nil {
			*dst = p.value
		}
		if p.name != "X-Amz-Signature" {
			kept = append(kept, p)
		}
	}
	for _, p := range [...]struct{ name, value string }{
		{"X-Amz-Algorithm", alg}, {"X-Amz-Credential", cred}, {"X-Amz-Signature", c.Signature},
		{"X-Amz-SignedHeaders", c.SignedHeaders}, {"X-Amz-Date", date},
	} {
		if p.value == "" {
			return kept, fail(ErrIncomplete, "AWS query-string parameters must include '"+p.name+"'. Re-examine the query-string parameters.")
		}
	}
	if alg != Algorithm {
		return kept, fail(ErrIncomplete, "Unsupported AWS 'algorithm': '"+clip(alg)+"'. Only '"+Algorithm+"' is supported.")
	}
	if err := c.parseCredential(cred); err != nil {
		return kept, err
	}
	if err := checkSignedHeaders(c.SignedHeaders); err != nil {
		return kept, err
	}
	if expires != "" {
		s, err := strconv.ParseInt(expires, 10, 64)
		if err != nil || s < 0 || s > int64(maxExpires/time.Second) {
			return kept, fail(ErrIncomplete, "X-Amz-Expires must be a number of seconds from 0 to 604800 (one week).")
		}
		c.expires = time.Duration(s) * time.Second
	}
	return kept, c.setDate(date, "X-Amz-Date")
}

// hasAuthParam reports whether q holds presigned authentication parameters.
func hasAuthParam(q []param) bool {
	for _, p := range q {
		switch p.name {
		case "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature":
			return true
		}
	}
	return false
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
