package awsjson

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Validator collects constraint violations and reports them in AWS's
// wording: "2 validation errors detected: Value 'x' at 'name' failed to
// satisfy constraint: Member must ...". Values are never echoed for members
// marked secret.
type Validator struct {
	msgs []string
}

// Required records a violation when present is false.
func (v *Validator) Required(member string, present bool) {
	if !present {
		v.msgs = append(v.msgs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", member))
	}
}

// Len checks a string's length in characters against [min, max] (max < 0:
// no maximum).
func (v *Validator) Len(member, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min:
		v.msgs = append(v.msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", s, member, min))
	case max >= 0 && n > max:
		v.msgs = append(v.msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", clip(s), member, max))
	}
}

// SecretLen checks a secret's length without echoing it.
func (v *Validator) SecretLen(member string, n, min, max int) {
	switch {
	case n < min:
		v.msgs = append(v.msgs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", member, min))
	case max >= 0 && n > max:
		v.msgs = append(v.msgs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", member, max))
	}
}

// Count checks a list's length against [min, max].
func (v *Validator) Count(member string, n, min, max int) {
	switch {
	case n < min:
		v.msgs = append(v.msgs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", member, min))
	case max >= 0 && n > max:
		v.msgs = append(v.msgs, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", member, max))
	}
}

// Range checks an optional integer (nil = absent) against [min, max].
func (v *Validator) Range(member string, n *int64, min, max int64) {
	if n == nil {
		return
	}
	switch {
	case *n < min:
		v.msgs = append(v.msgs, fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d", *n, member, min))
	case *n > max:
		v.msgs = append(v.msgs, fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", *n, member, max))
	}
}

// Pattern checks a non-empty string against a regular expression.
func (v *Validator) Pattern(member, s string, re *regexp.Regexp) {
	if s != "" && !re.MatchString(s) {
		v.msgs = append(v.msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", clip(s), member, re.String()))
	}
}

// Enum checks a non-empty string against its allowed values.
func (v *Validator) Enum(member, s string, allowed ...string) {
	if s == "" {
		return
	}
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	v.msgs = append(v.msgs, fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]", clip(s), member, strings.Join(allowed, ", ")))
}

// Err returns the collected violations as a ValidationException, or nil.
func (v *Validator) Err() error {
	switch len(v.msgs) {
	case 0:
		return nil
	case 1:
		return &Fault{http.StatusBadRequest, "ValidationException", "1 validation error detected: " + v.msgs[0]}
	}
	return &Fault{http.StatusBadRequest, "ValidationException", fmt.Sprintf("%d validation errors detected: %s", len(v.msgs), strings.Join(v.msgs, "; "))}
}

// clip shortens s to 64 characters for a message, never splitting one.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 64 {
		return s
	}
	return string([]rune(s)[:64]) + "..."
}
