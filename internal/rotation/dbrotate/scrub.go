package dbrotate

import (
	"context"
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
)

// scrubbedError carries the text of a driver error with every password it
// might quote removed. It deliberately does not unwrap to the driver error:
// whoever logs the chain must not reach the original text.
type scrubbedError struct {
	msg     string
	timeout bool
}

func (e *scrubbedError) Error() string { return e.msg }

// Is lets callers tell a deadline from a refusal without seeing the cause.
func (e *scrubbedError) Is(target error) bool {
	return e.timeout && target == context.DeadlineExceeded
}

// scrub turns a driver error into one that is safe to log: syntax errors
// (which quote the statement, and so possibly a password literal) lose
// their text, and any occurrence of the given passwords, raw or in the
// escaped forms a SQL literal would show, is replaced.
func scrub(err error, passwords ...secret) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	var my *mysql.MySQLError
	var pg *pgconn.PgError
	switch {
	case errors.As(err, &my) && my.Number == 1064:
		msg = "mysql error 1064 (42000): SQL syntax error"
	case errors.As(err, &pg) && pg.Code == "42601":
		msg = "postgres: syntax error (SQLSTATE 42601)"
	}
	for _, p := range passwords {
		msg = p.scrubFrom(msg)
	}
	return &scrubbedError{msg: msg, timeout: errors.Is(err, context.DeadlineExceeded)}
}

// scrubText replaces pw and the forms SQL escaping gives it.
func scrubText(text, pw string) string {
	if pw == "" {
		return text
	}
	forms := []string{
		pw,
		strings.ReplaceAll(pw, "'", "''"),
		strings.ReplaceAll(strings.ReplaceAll(pw, `\`, `\\`), "'", `\'`),
		strings.ReplaceAll(strings.ReplaceAll(pw, `\`, `\\`), "'", "''"),
	}
	for _, f := range forms {
		text = strings.ReplaceAll(text, f, "[redacted]")
	}
	return text
}

// constantEqual compares two passwords in constant time.
func constantEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
