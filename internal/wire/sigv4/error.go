package sigv4

import (
	"errors"
	"strings"
	"unicode"
)

// The kinds of verification failure. Every error Verify and ParseAuthorization
// return for a bad request is an *Error whose Kind is one of these, so
// errors.Is(err, ErrMismatch) and the like work. The wire dialects map each
// kind to their own error code.
var (
	// ErrMissing: no Authorization header and no presigned query
	// (AWS: MissingAuthenticationToken).
	ErrMissing = errors.New("sigv4: missing authentication")
	// ErrIncomplete: a malformed Authorization header or presigned query,
	// e.g. a missing parameter, a bad credential scope, an unsigned host or an
	// unsupported algorithm (AWS: IncompleteSignature).
	ErrIncomplete = errors.New("sigv4: incomplete signature")
	// ErrUnknownKey: the access key id is not known. Verifier.Secret returns
	// an error wrapping it (AWS: UnrecognizedClientException,
	// InvalidClientTokenId).
	ErrUnknownKey = errors.New("sigv4: unknown access key")
	// ErrMismatch: the signature, or the X-Amz-Content-Sha256 header, does
	// not match the request (AWS: InvalidSignatureException,
	// SignatureDoesNotMatch).
	ErrMismatch = errors.New("sigv4: signature mismatch")
	// ErrExpired: the request time is too far from now, or a presigned
	// request is past its X-Amz-Expires (AWS: InvalidSignatureException
	// "Signature expired", AccessDenied "Request has expired").
	ErrExpired = errors.New("sigv4: signature expired")
)

// Error is a verification failure.
type Error struct {
	// Kind is one of ErrMissing, ErrIncomplete, ErrUnknownKey, ErrMismatch
	// and ErrExpired.
	Kind error
	// Message says what is wrong in AWS's words. It is safe to return to the
	// client: it never contains a secret key or the expected signature.
	Message string
	// Err is the underlying cause, for the server log only; usually nil.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Kind.Error() + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Kind.Error() + ": " + e.Message
}

// Is reports whether target is e's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

func fail(kind error, msg string) *Error { return &Error{Kind: kind, Message: msg} }

// clip shortens a client-supplied value echoed in a message and replaces
// what would not print.
func clip(s string) string {
	const limit = 64
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return '?'
	}, s)
}
