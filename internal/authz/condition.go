package authz

import (
	"net/netip"
	"strings"
	"time"
)

// opType is the family of a condition operator.
type opType uint8

const (
	opString     opType = iota + 1 // StringEquals
	opStringFold                   // StringEqualsIgnoreCase
	opStringLike                   // StringLike
	opNumeric
	opDate
	opBool
	opBinary
	opIP
	opARN
	opNull
)

// cmp is the comparison of the Numeric and Date operators.
type cmp uint8

const (
	cmpEq cmp = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

type qualifier uint8

const (
	qNone qualifier = iota
	qAny            // ForAnyValue:
	qAll            // ForAllValues:
)

type opInfo struct {
	typ opType
	cmp cmp
	neg bool // a negated operator: true when no value matches
}

// operators are the base operators, by lower-case name. Every one but Null
// also has an ...IfExists form and the ForAnyValue:/ForAllValues: forms.
var operators = map[string]opInfo{
	"stringequals":              {typ: opString},
	"stringnotequals":           {typ: opString, neg: true},
	"stringequalsignorecase":    {typ: opStringFold},
	"stringnotequalsignorecase": {typ: opStringFold, neg: true},
	"stringlike":                {typ: opStringLike},
	"stringnotlike":             {typ: opStringLike, neg: true},
	"numericequals":             {typ: opNumeric, cmp: cmpEq},
	"numericnotequals":          {typ: opNumeric, cmp: cmpEq, neg: true},
	"numericlessthan":           {typ: opNumeric, cmp: cmpLt},
	"numericlessthanequals":     {typ: opNumeric, cmp: cmpLe},
	"numericgreaterthan":        {typ: opNumeric, cmp: cmpGt},
	"numericgreaterthanequals":  {typ: opNumeric, cmp: cmpGe},
	"dateequals":                {typ: opDate, cmp: cmpEq},
	"datenotequals":             {typ: opDate, cmp: cmpEq, neg: true},
	"datelessthan":              {typ: opDate, cmp: cmpLt},
	"datelessthanequals":        {typ: opDate, cmp: cmpLe},
	"dategreaterthan":           {typ: opDate, cmp: cmpGt},
	"dategreaterthanequals":     {typ: opDate, cmp: cmpGe},
	"bool":                      {typ: opBool},
	"binaryequals":              {typ: opBinary},
	"ipaddress":                 {typ: opIP},
	"notipaddress":              {typ: opIP, neg: true},
	"arnequals":                 {typ: opARN},
	"arnlike":                   {typ: opARN},
	"arnnotequals":              {typ: opARN, neg: true},
	"arnnotlike":                {typ: opARN, neg: true},
	"null":                      {typ: opNull},
}

// cond is a compiled Condition.
type cond struct {
	opInfo
	key      ckey
	qual     qualifier
	ifExists bool

	pats  []pattern // string operators
	arns  []arnPattern
	nums  []float64
	times []time.Time
	bools []bool // Bool and Null
	bins  [][]byte
	nets  []netip.Prefix
}

// parseOperator splits an operator name into its qualifier, base operator
// and IfExists suffix; ok is false for an unknown or ill-formed operator.
func parseOperator(name string) (c cond, ok bool) {
	l := strings.ToLower(name)
	switch {
	case strings.HasPrefix(l, "foranyvalue:"):
		c.qual, l = qAny, l[len("foranyvalue:"):]
	case strings.HasPrefix(l, "forallvalues:"):
		c.qual, l = qAll, l[len("forallvalues:"):]
	}
	if strings.HasSuffix(l, "ifexists") {
		c.ifExists, l = true, l[:len(l)-len("ifexists")]
	}
	info, ok := operators[l]
	if !ok || (info.typ == opNull && (c.ifExists || c.qual != qNone)) {
		return cond{}, false
	}
	c.opInfo = info
	return c, true
}

// eval reports whether the condition holds for the request in e, with
// AWS's rules: several condition values are OR'ed; a missing key fails a
// positive operator and satisfies a negated one, IfExists and ForAllValues;
// ForAnyValue needs some request value to match, ForAllValues needs every
// one to; without a qualifier a multivalued key behaves as ForAnyValue for
// a positive operator and as "no value matches" for a negated one.
func (c *cond) eval(e *env) bool {
	vals, present := e.lookup(&c.key)
	if c.typ == opNull {
		for _, isNull := range c.bools {
			if isNull != present {
				return true
			}
		}
		return false
	}
	if !present {
		switch c.qual {
		case qAll:
			return true
		case qAny:
			return c.ifExists
		}
		return c.ifExists || c.neg
	}
	switch c.qual {
	case qAny:
		for i := 0; i < vals.n; i++ {
			if c.positive(vals.at(i), e) != c.neg {
				return true
			}
		}
		return false
	case qAll:
		for i := 0; i < vals.n; i++ {
			if c.positive(vals.at(i), e) == c.neg {
				return false
			}
		}
		return true
	}
	for i := 0; i < vals.n; i++ {
		if c.positive(vals.at(i), e) {
			return !c.neg
		}
	}
	return c.neg
}

// positive reports whether the request value v matches one of the condition
// values under the base (not negated) operator.
func (c *cond) positive(v string, e *env) bool {
	switch c.typ {
	case opString, opStringFold, opStringLike:
		return anyMatch(c.pats, v, e)
	case opARN:
		for i := range c.arns {
			if c.arns[i].match(v, e) {
				return true
			}
		}
		return false
	case opNumeric:
		return c.numeric(v)
	case opDate:
		return c.date(v)
	case opBool:
		return c.boolean(v)
	case opBinary:
		return c.binary(v)
	case opIP:
		return c.ip(v)
	}
	return false
}
