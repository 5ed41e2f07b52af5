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

// AppendString appends s, a string or the bytes of one, as encoding/json
// writes a string.
func AppendString[S ~string | ~[]byte](b []byte, s S) []byte { return jsonstr.Append(b, s) }

// Wiper is implemented by answers that hold a secret's plaintext: the
// server calls Wipe when it is done with the answer (written, or refused
// because its audit event could not be), so that the plaintext does not
// wait in memory for the collector.
type Wiper interface {
	Wipe()
}
