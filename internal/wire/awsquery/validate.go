package awsquery

import (
	"errors"
	"regexp"
	"unicode/utf8"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// Validator collects constraint violations in AWS's wording ("1 validation
// error detected: Value 'x' at 'userName' failed to satisfy constraint:
// Member must ...") — the same wording as the JSON protocol's, which it
// reuses — and reports them as a ValidationError fault (400), the Query
// services' code.
type Validator struct {
	v awsjson.Validator
}

// Required records a violation when present is false.
func (v *Validator) Required(member string, present bool) { v.v.Required(member, present) }

// Len checks a string's length in characters against [min, max] (max < 0:
// no maximum).
func (v *Validator) Len(member, s string, min, max int) { v.v.Len(member, s, min, max) }

// Count checks a list's length against [min, max].
func (v *Validator) Count(member string, n, min, max int) { v.v.Count(member, n, min, max) }

// Range checks an optional integer (nil = absent) against [min, max].
func (v *Validator) Range(member string, n *int64, min, max int64) { v.v.Range(member, n, min, max) }

// Pattern checks a non-empty string against a regular expression.
func (v *Validator) Pattern(member, s string, re *regexp.Regexp) { v.v.Pattern(member, s, re) }

// Enum checks a non-empty string against its allowed values.
func (v *Validator) Enum(member, s string, allowed ...string) { v.v.Enum(member, s, allowed...) }

// Err returns the collected violations as a ValidationError fault, or nil.
func (v *Validator) Err() error {
	err := v.v.Err()
	var f *awsjson.Fault
	if !errors.As(err, &f) {
		return err
	}
	return &Fault{Status: f.Status, Code: "ValidationError", Message: f.Message}
}

// clipText shortens a client-supplied value echoed in a message to 64
// characters, never splitting one.
func clipText(s string) string {
	if utf8.RuneCountInString(s) <= 64 {
		return s
	}
	return string([]rune(s)[:64]) + "..."
}
