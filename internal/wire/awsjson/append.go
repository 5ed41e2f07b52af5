package awsjson

import "github.com/arca-vault/arca/internal/jsonstr"

// Appender is implemented by answers that encode themselves, without
// reflection: the hot reads (GetParameter, GetSecretValue), where encoding
// through encoding/json cost ~2.5 µs a request. AppendJSON must append
// exactly what encoding/json writes for the same value; every
// implementation has a test comparing the two (AppendString and AppendTime
// write the parts the way encoding/json does).
type Appender interface {
	AppendJSON(b []byte) []byte
}

// AppendString appends s as encoding/json writes a string.
func AppendString(b []byte, s string) []byte { return jsonstr.Append(b, s) }
