package authz

import (
	"strconv"

	"github.com/arca-vault/arca"
)

// PolicyError is the error Parse returns for a document it rejects. Callers
// return it as MalformedPolicyDocument (or LimitExceeded when Code is
// arca.ELimit). It unwraps to an *arca.Error with the same code and message,
// so arca.ErrorCode and errors.Is(err, &arca.Error{Code: arca.EBadPolicy})
// work on it.
type PolicyError struct {
	// Field is the path of the offending element, e.g.
	// "Statement[1].Effect" (statements are counted from 0); empty for
	// errors about the document as a whole (JSON syntax, size).
	Field string
	// Line is the 1-based line of the document where the offending element
	// ends, 0 when unknown.
	Line int
	// Msg says what is wrong, e.g. "must be Allow or Deny".
	Msg string
	// Code is arca.EBadPolicy, or arca.ELimit when the document exceeds the
	// size limit set with MaxSize.
	Code arca.Code
}

// Error returns "Field: Msg", or "line N: Msg" when no field is known.
func (e *PolicyError) Error() string {
	switch {
	case e.Field != "":
		return e.Field + ": " + e.Msg
	case e.Line > 0:
		return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.Msg
}

// Unwrap returns the error as an *arca.Error.
func (e *PolicyError) Unwrap() error {
	return &arca.Error{Code: e.Code, Message: e.Error()}
}

func perr(field string, line int, msg string) *PolicyError {
	return &PolicyError{Field: field, Line: line, Msg: msg, Code: arca.EBadPolicy}
}
