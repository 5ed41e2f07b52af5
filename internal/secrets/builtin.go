package secrets

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// The built-in rotation function.
const (
	BuiltinRotator     = "arca-rotate-random" // the function name in its Lambda ARN
	RotateFieldTag     = "arca:rotate-field"  // the tag naming the JSON field to regenerate
	DefaultRotateField = "password"
)

// builtin reports whether lambda is the built-in function of the caller's
// region and account.
func builtin(lambda string, c *arca.Caller) bool {
	a, ok := arca.ParseARN(lambda)
	return ok && a.Service == "lambda" && a.Region == c.Region && a.Account == c.Account &&
		(a.Resource == "function:"+BuiltinRotator || strings.HasPrefix(a.Resource, "function:"+BuiltinRotator+":"))
}

// rotatedPassword is the spec of the built-in function's new values: 32
// characters, none of the ones that break connection strings and shells.
var rotatedPassword = PasswordSpec{Length: 32, ExcludeCharacters: "\"'\\/@`"}

// rotatedValue computes the built-in function's next value for r: for a
// JSON object, the current value with the field named by the tag
// arca:rotate-field (default "password") set to a new random password, every
// other field kept in its order; for any other text, a new random password;
// for a binary secret, 32 new random bytes. Errors: EConflict (the JSON
// object has no such field), the open errors.
func (s *Service) rotatedValue(tx storage.Tx, r *record) (Content, error) {
	cur := r.owner(StageCurrent)
	if cur != nil && cur.Kind == kindBinary {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return Content{}, arca.Internal(err)
		}
		return Content{Data: b, Binary: true}, nil
	}
	pw, err := Password(rotatedPassword)
	if err != nil {
		return Content{}, err
	}
	if cur == nil || cur.Kind == "" {
		return Content{Data: pw}, nil
	}
	old, err := s.open(context.Background(), tx, r, cur) // the service's own act: rotation
	if err != nil {
		return Content{}, err
	}
	defer old.Data.Zero()
	field := DefaultRotateField
	for _, t := range r.Tags {
		if t.Key == RotateFieldTag && t.Value != "" {
			field = t.Value
		}
	}
	doc, isObject, found := replaceField(old.Data, field, pw)
	if !isObject {
		return Content{Data: pw}, nil
	}
	pw.Zero()
	if !found {
		return Content{}, arca.Errorf(arca.EConflict, "The rotation function arca-rotate-random found no field %q in the secret's JSON value; name the field to rotate with the tag %s.", field, RotateFieldTag)
	}
	return Content{Data: doc}, nil
}

// replaceField returns doc, a JSON object, with the string value of field
// set to value and every other member as it was, in its order. isObject is
// false when doc is not a JSON object; found is false when it has no such
// member.
func replaceField(doc []byte, field string, value []byte) (out []byte, isObject, found bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false, false
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		key, ok := tok.(string)
		var raw json.RawMessage
		if err != nil || !ok || dec.Decode(&raw) != nil {
			clear(buf.Bytes())
			return nil, false, false
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		_ = enc.Encode(key)
		buf.Truncate(buf.Len() - 1) // Encode's newline
		buf.WriteByte(':')
		if key == field && !found {
			_ = enc.Encode(string(value))
			buf.Truncate(buf.Len() - 1)
			found = true
			continue
		}
		buf.Write(raw)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		clear(buf.Bytes())
		return nil, false, false
	}
	if _, err := dec.Token(); err == nil {
		clear(buf.Bytes())
		return nil, false, false // trailing data: not one JSON object
	}
	buf.WriteByte('}')
	return buf.Bytes(), true, found
}
