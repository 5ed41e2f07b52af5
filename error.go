package arca

import (
	"errors"
	"fmt"
)

// Code classifies an Error. Codes are dialect-neutral: each wire package maps
// them, in one table, to its own error names and HTTP statuses.
type Code string

// The error codes of the core.
const (
	ENotFound        Code = "not_found"         // the named resource does not exist
	EVersionNotFound Code = "version_not_found" // the resource exists, the version or label does not
	EExists          Code = "exists"            // create of a resource that already exists
	EInvalid         Code = "invalid"           // malformed or out-of-range input
	EBadToken        Code = "bad_token"         // a paging token that this listing did not issue
	EBadFilter       Code = "bad_filter"        // a filter key that this listing does not support
	EBadFilterOption Code = "bad_filter_option" // a filter option that the key does not support
	EBadFilterValue  Code = "bad_filter_value"  // a filter value that the key does not accept
	EConflict        Code = "conflict"          // the resource's state forbids the operation
	ELimit           Code = "limit"             // a quota would be exceeded
	EVersionLimit    Code = "version_limit"     // no room for another version (oldest is pinned)
	ELabelLimit      Code = "label_limit"       // too many labels on one version
	ETagLimit        Code = "tag_limit"         // too many tags on one resource
	EPattern         Code = "pattern_mismatch"  // a value does not match the resource's allowed pattern
	EBadPattern      Code = "bad_pattern"       // an allowed pattern is not a valid regular expression
	EKeyInvalid      Code = "key_invalid"       // the named KMS key does not exist or is not usable
	EKeyDisabled     Code = "key_disabled"      // the KMS key exists but is disabled
	EDecrypt         Code = "decrypt"           // a ciphertext failed authentication or cannot be parsed
	EKeyMismatch     Code = "key_mismatch"      // a ciphertext was sealed under another key than the one named
	EBadPolicy       Code = "bad_policy"        // a policy document that is not valid JSON or lacks required elements
	EPublicPolicy    Code = "public_policy"     // a policy would grant public access where that is blocked
	EPrecondition    Code = "precondition"      // a prerequisite step of the operation has not been completed
	EUnauthenticated Code = "unauthenticated"   // no valid credentials
	EDenied          Code = "denied"            // authenticated, but not allowed
	EUnavailable     Code = "unavailable"       // a dependency (store, audit) cannot serve now
	EInternal        Code = "internal"          // a bug or an unexpected failure
)

// Error is the error type of the core. Message is safe to show to the caller:
// it never contains a secret value. Err, when set, is the underlying cause and
// is meant for the server log only.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code and either no
// message or the same message, so that errors.Is(err, &Error{Code: ENotFound})
// works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Message == "" || t.Message == e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure: the caller sees a generic message, the
// log sees err.
func Internal(err error) *Error {
	return &Error{Code: EInternal, Message: "internal error", Err: err}
}

// ErrorCode returns the code of err: its own when err is or wraps an *Error,
// EInternal for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the caller-safe message of err: the message of an
// *Error, and a generic one for every other error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
