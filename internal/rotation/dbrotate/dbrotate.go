package dbrotate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
)

// The names of the built-in functions, as they appear in the Lambda-style
// ARNs that RotateSecret takes.
const (
	PostgresSingleUser       = "arca-rotate-postgres-single-user"
	PostgresAlternatingUsers = "arca-rotate-postgres-alternating-users"
	MySQLSingleUser          = "arca-rotate-mysql-single-user"
	MySQLAlternatingUsers    = "arca-rotate-mysql-alternating-users"
	RedisACL                 = "arca-rotate-redis-acl"
)

// The version stages the functions read and check.
const (
	stageCurrent  = "AWSCURRENT"
	stagePrevious = "AWSPREVIOUS"
	stagePending  = "AWSPENDING"
)

// Options tune the functions. The zero value is ready to use.
type Options struct {
	// StepTimeout bounds one step, connections and statements included.
	// Default 60 s.
	StepTimeout time.Duration
	// ConnectTimeout bounds one login attempt. Default 10 s.
	ConnectTimeout time.Duration
	// Logger receives one line per notable decision (a fallback login, a
	// user created); never a password. Default: slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.StepTimeout <= 0 {
		o.StepTimeout = 60 * time.Second
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Functions returns the five database rotation functions with default
// options, keyed by their names.
func Functions() map[string]rotation.Function {
	return NewFunctions(Options{})
}

// NewFunctions returns the five database rotation functions, keyed by their
// names, with the given options. The functions hold no state between
// calls and are safe for concurrent use.
func NewFunctions(opts Options) map[string]rotation.Function {
	opts = opts.withDefaults()
	pg := &postgresEngine{connectTimeout: opts.ConnectTimeout}
	my := &mysqlEngine{connectTimeout: opts.ConnectTimeout, stmtTimeout: opts.StepTimeout, log: opts.Logger}
	return map[string]rotation.Function{
		PostgresSingleUser:       &sqlFunction{name: PostgresSingleUser, eng: pg, opts: opts},
		PostgresAlternatingUsers: &sqlFunction{name: PostgresAlternatingUsers, eng: pg, alternating: true, opts: opts},
		MySQLSingleUser:          &sqlFunction{name: MySQLSingleUser, eng: my, opts: opts},
		MySQLAlternatingUsers:    &sqlFunction{name: MySQLAlternatingUsers, eng: my, alternating: true, opts: opts},
		RedisACL:                 &redisFunction{opts: opts},
	}
}

// stepError builds the error of a failed step: the message names the step
// and what failed (host, user), cause is already scrubbed.
func stepError(step rotation.Step, code arca.Code, cause error, format string, args ...any) error {
	return &arca.Error{Code: code, Message: string(step) + ": " + fmt.Sprintf(format, args...), Err: cause}
}

// storeError wraps an error of rotation.Secrets, keeping its code and
// message; the cause is kept for internal errors only, whose message
// ("internal error") says nothing by itself.
func storeError(step rotation.Step, what string, err error) error {
	e := &arca.Error{Code: arca.ErrorCode(err), Message: string(step) + ": " + what + ": " + arca.ErrorMessage(err)}
	if e.Code == arca.EInternal {
		e.Err = err
	}
	return e
}

// versionState checks the token as AWS's templates do before every step.
// It returns current=true when the version is already AWSCURRENT (the
// rotation finished: every step is then a no-op).
func versionState(ctx context.Context, sm rotation.Secrets, ev rotation.Event) (current bool, err error) {
	if ev.ClientRequestToken == "" {
		return false, stepError(ev.Step, arca.EInvalid, nil, "no ClientRequestToken")
	}
	stages, err := sm.Stages(ctx, ev.SecretID)
	if err != nil {
		return false, storeError(ev.Step, "list versions", err)
	}
	vs, ok := stages[ev.ClientRequestToken]
	switch {
	case ok && slices.Contains(vs, stageCurrent):
		return true, nil
	case ok && !slices.Contains(vs, stagePending):
		return false, stepError(ev.Step, arca.EPrecondition, nil, "version %s is not AWSPENDING", ev.ClientRequestToken)
	case !ok && ev.Step != rotation.StepCreate:
		return false, stepError(ev.Step, arca.EPrecondition, nil, "version %s does not exist", ev.ClientRequestToken)
	}
	return false, nil
}

// getValue reads a version (by token) or a stage; found is false when there
// is none.
func getValue(ctx context.Context, sm rotation.Secrets, step rotation.Step, id, token, stage string) (v arca.Value, found bool, err error) {
	v, err = sm.GetValue(ctx, id, token, stage)
	if err != nil {
		if errors.Is(err, &arca.Error{Code: arca.ENotFound}) || errors.Is(err, &arca.Error{Code: arca.EVersionNotFound}) {
			return nil, false, nil
		}
		what := "read " + stage
		if token != "" {
			what = "read version " + token
		}
		return nil, false, storeError(step, what, err)
	}
	return v, len(v) > 0, nil
}

// readCreds reads and parses a stage or version; missing is an error.
func readCreds(ctx context.Context, sm rotation.Secrets, step rotation.Step, id, token, stage string, port int) (*creds, error) {
	v, found, err := getValue(ctx, sm, step, id, token, stage)
	if err != nil {
		return nil, err
	}
	label := stage
	if token != "" {
		label = "AWSPENDING"
	}
	if !found {
		return nil, stepError(step, arca.EPrecondition, nil, "secret %s has no %s value", id, label)
	}
	c, err := parseCreds(v, port)
	if err != nil {
		return nil, stepError(step, arca.EInvalid, nil, "%s value of %s: %s", label, id, arca.ErrorMessage(err))
	}
	return c, nil
}

// createPending is createSecret for every function: when the token has no
// value yet, store AWSCURRENT's JSON with a new password (and, for
// alternating users, the other user name) as AWSPENDING.
func createPending(ctx context.Context, sm rotation.Secrets, ev rotation.Event, port int, check func(*creds) error, flip func(*creds) (string, error)) error {
	step := ev.Step
	if _, found, err := getValue(ctx, sm, step, ev.SecretID, ev.ClientRequestToken, ""); err != nil || found {
		return err // found: a previous attempt already created it
	}
	curVal, found, err := getValue(ctx, sm, step, ev.SecretID, "", stageCurrent)
	if err != nil {
		return err
	}
	if !found {
		return stepError(step, arca.EPrecondition, nil, "secret %s has no AWSCURRENT value", ev.SecretID)
	}
	cur, err := parseCreds(curVal, port)
	if err != nil {
		return stepError(step, arca.EInvalid, nil, "AWSCURRENT value of %s: %s", ev.SecretID, arca.ErrorMessage(err))
	}
	if err := check(cur); err != nil {
		return stepError(step, arca.EInvalid, nil, "AWSCURRENT value of %s: %s", ev.SecretID, arca.ErrorMessage(err))
	}
	username := ""
	if flip != nil {
		if username, err = flip(cur); err != nil {
			return stepError(step, arca.EInvalid, nil, "%s", arca.ErrorMessage(err))
		}
	}
	pw, err := sm.RandomPassword(ctx, ev.SecretID)
	if err != nil {
		return storeError(step, "generate password", err)
	}
	if len(pw) == 0 || slices.Contains(pw, 0) {
		return stepError(step, arca.EInvalid, nil, "the generated password is empty or contains a NUL byte")
	}
	next, err := withPassword(curVal, username, pw)
	if err != nil {
		return stepError(step, arca.ErrorCode(err), err, "build AWSPENDING value")
	}
	if err := sm.PutPending(ctx, ev.SecretID, ev.ClientRequestToken, next); err != nil {
		return storeError(step, "store AWSPENDING", err)
	}
	return nil
}

// finish is finishSecret for every function.
func finish(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	if err := sm.Finish(ctx, ev.SecretID, ev.ClientRequestToken); err != nil {
		return storeError(ev.Step, "move AWSCURRENT", err)
	}
	return nil
}

// checkEngine rejects a secret whose "engine" names another kind of server,
// a misconfiguration that would otherwise surface as a puzzling login error.
func checkEngine(c *creds, accepted ...string) error {
	if c.Engine == "" || slices.Contains(accepted, c.Engine) {
		return nil
	}
	return arca.Errorf(arca.EInvalid, "engine %q is not one of %v", c.Engine, accepted)
}
