package inject

import (
	"errors"
	"fmt"
	"strings"
)

// Status is what became of one variable.
type Status int

// The statuses, from good to bad. StatusMissing, StatusDenied and
// StatusFailed are errors; the others are not.
const (
	// StatusSet: resolved from its source.
	StatusSet Status = iota
	// StatusDefault: not found; its default applies.
	StatusDefault
	// StatusUnset: not found, optional, no default; left out.
	StatusUnset
	// StatusMissing: not found and required.
	StatusMissing
	// StatusDenied: the caller may not read it.
	StatusDenied
	// StatusFailed: any other failure (unreachable server, a secret that
	// is not JSON, a reference cycle, ...).
	StatusFailed
)

var statusNames = [...]string{"set", "default", "unset", "missing", "not readable", "error"}

// String is the status as `arca status` prints it.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Outcome is one variable's resolution.
type Outcome struct {
	// Var is the declaration.
	Var Var
	// Status says what became of it; Value is set for StatusSet and
	// StatusDefault.
	Status Status
	Value  string
	// Err says why it is not StatusSet (also for StatusDefault and
	// StatusUnset); it names the variable's source, never a value.
	Err error
	// Where names what was read: "SSM parameter /a/b", "secret ARN key k".
	Where string
	// Sensitive is the declaration's flag, or true when the value was
	// composed from a sensitive one.
	Sensitive bool
	// Placeholder reports a value that is still the word "placeholder",
	// the runbooks' value for a parameter created before its real value.
	Placeholder bool
}

// HasValue reports whether the variable goes into the environment.
func (o *Outcome) HasValue() bool { return o.Status == StatusSet || o.Status == StatusDefault }

// Result is the resolution of every variable, in declaration order.
type Result struct {
	Outcomes []Outcome
	// Deps records the versions read, for --watch.
	Deps Deps
}

// EnvVar is one resolved variable.
type EnvVar struct {
	Name      string
	Value     string
	Sensitive bool
}

// Vars returns the variables that have a value, in declaration order.
func (r *Result) Vars() []EnvVar {
	var out []EnvVar
	for i := range r.Outcomes {
		o := &r.Outcomes[i]
		if o.HasValue() {
			out = append(out, EnvVar{Name: o.Var.Name, Value: o.Value, Sensitive: o.Sensitive})
		}
	}
	return out
}

// Problem is one variable that stops the command.
type Problem struct {
	Name, Origin string
	Status       Status
	Err          error
}

// Error is Resolve's verdict when variables did not resolve; each Problem
// names a variable, where it was declared and why — never a value.
type Error struct{ Problems []Problem }

// Error lists the problems, one a line when there are several.
func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		p := e.Problems[0]
		fmt.Fprintf(&b, "%s (%s): %v", p.Name, p.Origin, p.Err)
		return b.String()
	}
	fmt.Fprintf(&b, "%d variables did not resolve:", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n  %s (%s): %v", p.Name, p.Origin, p.Err)
	}
	return b.String()
}

// Err returns nil when the command may start, else an *Error listing
// every missing required variable and every read that was refused or
// failed. With strict, every declared variable must resolve (as if
// required, defaults still apply) and none may be a placeholder.
func (r *Result) Err(strict bool) error {
	var e Error
	for i := range r.Outcomes {
		o := &r.Outcomes[i]
		p := Problem{Name: o.Var.Name, Origin: o.Var.Origin, Status: o.Status, Err: o.Err}
		switch {
		case o.Status >= StatusMissing:
			if o.Status == StatusMissing {
				p.Err = fmt.Errorf("required: %w", o.Err)
			}
		case strict && o.Status == StatusUnset:
			p.Status, p.Err = StatusMissing, fmt.Errorf("--strict: %w", o.Err)
		case strict && o.Placeholder:
			p.Err = errors.New("--strict: the value is still \"placeholder\"")
		default:
			continue
		}
		e.Problems = append(e.Problems, p)
	}
	if len(e.Problems) == 0 {
		return nil
	}
	return &e
}

// isPlaceholder reports the runbooks' placeholder value.
func isPlaceholder(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "placeholder") }
