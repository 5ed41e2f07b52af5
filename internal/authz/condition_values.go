package authz

import (
	"encoding/base64"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// compileValues checks and compiles the condition values for c's operator;
// vars enables policy variables (Version 2012-10-17) in the string and ARN
// operators. It returns the index of the first bad value and why.
func (c *cond) compileValues(vals []string, vars bool) (int, string) {
	for i, v := range vals {
		switch c.typ {
		case opString, opStringFold, opStringLike:
			p, msg := compile(v, vars, c.typ == opStringLike, c.typ == opStringFold)
			if msg != "" {
				return i, msg
			}
			c.pats = append(c.pats, p)
		case opARN:
			a, msg := compileARN(v, vars)
			if msg != "" {
				return i, msg
			}
			c.arns = append(c.arns, a)
		case opNumeric:
			f, ok := parseNumber(v)
			if !ok {
				return i, "must be a number"
			}
			c.nums = append(c.nums, f)
		case opDate:
			t, ok := parseTime(v)
			if !ok {
				return i, "must be a date (ISO 8601, e.g. 2026-01-31T00:00:00Z) or epoch seconds"
			}
			c.times = append(c.times, t)
		case opBool, opNull:
			b, ok := parseBool(v)
			if !ok {
				return i, "must be true or false"
			}
			c.bools = append(c.bools, b)
		case opBinary:
			b, err := base64.StdEncoding.DecodeString(v)
			if err != nil {
				return i, "must be base64"
			}
			c.bins = append(c.bins, b)
		case opIP:
			p, ok := parsePrefix(v)
			if !ok {
				return i, "must be an IPv4 or IPv6 address or CIDR block"
			}
			c.nets = append(c.nets, p)
		}
	}
	return 0, ""
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// timeLayouts are the ISO 8601 forms the Date operators accept.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseTime reads an ISO 8601 date-time (UTC when it has no zone) or a
// number of seconds since the epoch.
func parseTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if s[0] >= '0' && s[0] <= '9' && !strings.ContainsAny(s, "-:T") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
			return time.Time{}, false
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			return netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0)), true
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), true
}

func compare(c cmp, r int) bool {
	switch c {
	case cmpLt:
		return r < 0
	case cmpLe:
		return r <= 0
	case cmpGt:
		return r > 0
	case cmpGe:
		return r >= 0
	}
	return r == 0
}

// The comparisons below take the request value on the left: NumericLessThan
// holds when the request value is less than a condition value.

func (c *cond) numeric(v string) bool {
	f, ok := parseNumber(v)
	if !ok {
		return false
	}
	for _, n := range c.nums {
		r := 0
		if f < n {
			r = -1
		} else if f > n {
			r = 1
		}
		if compare(c.cmp, r) {
			return true
		}
	}
	return false
}

func (c *cond) date(v string) bool {
	t, ok := parseTime(v)
	if !ok {
		return false
	}
	for _, ct := range c.times {
		if compare(c.cmp, t.Compare(ct)) {
			return true
		}
	}
	return false
}

func (c *cond) boolean(v string) bool {
	b, ok := parseBool(v)
	if !ok {
		return false
	}
	for _, cb := range c.bools {
		if b == cb {
			return true
		}
	}
	return false
}

// binary compares the request value, base64 like the condition values, byte
// for byte.
func (c *cond) binary(v string) bool {
	got, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return false
	}
	for _, b := range c.bins {
		if string(b) == string(got) {
			return true
		}
	}
	return false
}

func (c *cond) ip(v string) bool {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return false
	}
	a = a.Unmap().WithZone("")
	for _, p := range c.nets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
