// Package webhook signs the HTTP bodies arca sends to receivers it does not
// authenticate otherwise (alert webhooks, rotation webhooks), one scheme
// for all: the header SignatureHeader carries "sha256=" and the hex
// HMAC-SHA256 of the body under a key shared with the receiver.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// SignatureHeader is the header that carries the signature.
const SignatureHeader = "X-Arca-Signature"

// Sign returns the SignatureHeader value of body under key.
func Sign(key, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is the SignatureHeader value of body under
// key, in constant time; for receivers written in Go.
func Verify(key, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(key, body)), []byte(sig))
}
