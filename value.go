package arca

import (
	"fmt"
	"log/slog"
)

const redacted = "[redacted]"

// Value is secret material: a parameter's or secret's plaintext. It never
// prints itself — fmt, log/slog and JSON encoding all show "[redacted]" — so
// it can travel through code that logs without leaking. Code that must send
// the plaintext converts explicitly with Reveal.
type Value []byte

// String implements fmt.Stringer.
func (Value) String() string { return redacted }

// GoString implements fmt.GoStringer.
func (Value) GoString() string { return redacted }

// Format implements fmt.Formatter, so that every verb, %x and %q included,
// prints the placeholder.
func (Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue implements slog.LogValuer.
func (Value) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON implements json.Marshaler: a Value in a JSON document is always
// the placeholder.
func (Value) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler.
func (Value) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Reveal returns the plaintext as a string, for the one place that must send it.
func (v Value) Reveal() string { return string(v) }

// Zero overwrites the plaintext in place.
func (v Value) Zero() {
	for i := range v {
		v[i] = 0
	}
}
