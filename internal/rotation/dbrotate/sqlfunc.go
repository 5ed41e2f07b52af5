package dbrotate

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
)

// engine is one SQL server kind (PostgreSQL, MariaDB/MySQL).
type engine interface {
	kind() string
	defaultPort() int
	engines() []string      // accepted values of the "engine" field
	maxUsername(*creds) int // in bytes
	// login opens a session as c; the error is scrubbed.
	login(ctx context.Context, c *creds) (session, error)
}

// session is one logged-in connection.
type session interface {
	ping(ctx context.Context) error
	// setOwnPassword changes the logged-in user's password.
	setOwnPassword(ctx context.Context, user string, pw secret) error
	// setUserPassword sets user's password as an administrator, creating
	// user with the privileges of model first when it does not exist.
	setUserPassword(ctx context.Context, model, user string, pw secret) error
	close()
}

// sqlFunction is a PostgreSQL or MariaDB/MySQL rotation function.
type sqlFunction struct {
	name        string
	eng         engine
	alternating bool
	opts        Options
}

// Invoke runs one step. Errors are *arca.Error values whose message names
// the step, the server and the user, never a password: EInvalid for a
// malformed secret, EPrecondition for a missing version, EUnavailable when
// the server refuses a login or a statement.
func (f *sqlFunction) Invoke(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	ctx, cancel := context.WithTimeout(ctx, f.opts.StepTimeout)
	defer cancel()
	done, err := versionState(ctx, sm, ev)
	if err != nil || done {
		return err
	}
	switch ev.Step {
	case rotation.StepCreate:
		var flip func(*creds) (string, error)
		if f.alternating {
			flip = func(c *creds) (string, error) { return altUsername(c.Username, f.eng.maxUsername(c)) }
		}
		return createPending(ctx, sm, ev, f.eng.defaultPort(), f.check, flip)
	case rotation.StepSet:
		if f.alternating {
			return f.setAlternating(ctx, sm, ev)
		}
		return f.setSingle(ctx, sm, ev)
	case rotation.StepTest:
		return f.test(ctx, sm, ev)
	case rotation.StepFinish:
		return finish(ctx, sm, ev)
	}
	return stepError(ev.Step, arca.EInvalid, nil, "unknown step %q", ev.Step)
}

func (f *sqlFunction) check(c *creds) error {
	if err := checkEngine(c, f.eng.engines()...); err != nil {
		return err
	}
	if f.alternating && c.MasterARN == "" {
		return arca.Errorf(arca.EInvalid, "secret value has no \"masterarn\" field (alternating users need an admin secret)")
	}
	return nil
}

// pending reads AWSCURRENT and this rotation's AWSPENDING and checks that
// they describe the same server.
func (f *sqlFunction) pending(ctx context.Context, sm rotation.Secrets, ev rotation.Event) (cur, pend *creds, err error) {
	port := f.eng.defaultPort()
	if cur, err = readCreds(ctx, sm, ev.Step, ev.SecretID, "", stageCurrent, port); err != nil {
		return nil, nil, err
	}
	if pend, err = readCreds(ctx, sm, ev.Step, ev.SecretID, ev.ClientRequestToken, stagePending, port); err != nil {
		return nil, nil, err
	}
	if err := f.check(pend); err != nil {
		return nil, nil, stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING value: %s", arca.ErrorMessage(err))
	}
	if !cur.sameServer(pend) {
		return nil, nil, stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING names server %s, AWSCURRENT %s", pend.addr(), cur.addr())
	}
	return cur, pend, nil
}

// setSingle logs in as the user (with the AWSCURRENT password, else
// AWSPREVIOUS, else AWSPENDING when a half-done attempt already set it) and
// changes its own password to AWSPENDING's.
func (f *sqlFunction) setSingle(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	cur, pend, err := f.pending(ctx, sm, ev)
	if err != nil {
		return err
	}
	if cur.Username != pend.Username {
		return stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING user %q differs from AWSCURRENT user %q", pend.Username, cur.Username)
	}
	s, err := f.loginAsUser(ctx, sm, ev, cur, pend)
	if err != nil {
		return err
	}
	defer s.close()
	if err := s.setOwnPassword(ctx, pend.Username, pend.Password); err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "set the password of %s user %q at %s", f.eng.kind(), pend.Username, pend.addr())
	}
	return nil
}

// setAlternating logs in with the master secret and sets the password of
// the other user, creating it first with AWSCURRENT's user as model.
func (f *sqlFunction) setAlternating(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	cur, pend, err := f.pending(ctx, sm, ev)
	if err != nil {
		return err
	}
	if cur.Username == pend.Username {
		// Changing AWSCURRENT's own user would cut off the applications
		// that use it, which is what this strategy exists to avoid.
		return stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING and AWSCURRENT name the same user %q; alternating users need two", cur.Username)
	}
	master, err := readMaster(ctx, sm, ev, cur, f.eng.defaultPort())
	if err != nil {
		return err
	}
	s, err := f.eng.login(ctx, master)
	if err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "log in to %s at %s as master user %q", f.eng.kind(), master.addr(), master.Username)
	}
	defer s.close()
	if err := s.setUserPassword(ctx, cur.Username, pend.Username, pend.Password); err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "set the password of %s user %q at %s", f.eng.kind(), pend.Username, pend.addr())
	}
	return nil
}

// test logs in with AWSPENDING on a new connection and runs a query.
func (f *sqlFunction) test(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	pend, err := readCreds(ctx, sm, ev.Step, ev.SecretID, ev.ClientRequestToken, stagePending, f.eng.defaultPort())
	if err != nil {
		return err
	}
	s, err := f.eng.login(ctx, pend)
	if err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "log in to %s at %s as %q with the AWSPENDING password", f.eng.kind(), pend.addr(), pend.Username)
	}
	defer s.close()
	if err := s.ping(ctx); err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "query %s at %s as %q", f.eng.kind(), pend.addr(), pend.Username)
	}
	return nil
}

// readMaster reads the admin secret named by cur's masterarn and checks it
// is for the same server: the master password must only ever be sent to
// the server the rotated user lives on.
func readMaster(ctx context.Context, sm rotation.Secrets, ev rotation.Event, cur *creds, port int) (*creds, error) {
	m, err := readCreds(ctx, sm, ev.Step, cur.MasterARN, "", stageCurrent, port)
	if err != nil {
		return nil, err
	}
	if !m.sameServer(cur) {
		return nil, stepError(ev.Step, arca.EInvalid, nil, "master secret names server %s, the rotated secret %s", m.addr(), cur.addr())
	}
	return m, nil
}

// loginAsUser tries AWSCURRENT, then AWSPREVIOUS, then AWSPENDING (set by
// an earlier attempt that failed after changing the password). Only
// versions for the same user and server are tried.
func (f *sqlFunction) loginAsUser(ctx context.Context, sm rotation.Secrets, ev rotation.Event, cur, pend *creds) (session, error) {
	eng := f.eng
	s, firstErr := eng.login(ctx, cur)
	if firstErr == nil {
		return s, nil
	}
	type attempt struct {
		stage string
		c     *creds
	}
	var attempts []attempt
	if v, found, err := getValue(ctx, sm, ev.Step, ev.SecretID, "", stagePrevious); err != nil {
		return nil, err
	} else if found {
		if prev, err := parseCreds(v, eng.defaultPort()); err == nil && prev.Username == cur.Username && prev.sameServer(cur) {
			attempts = append(attempts, attempt{stagePrevious, prev})
		}
	}
	attempts = append(attempts, attempt{stagePending, pend})
	for _, cand := range attempts {
		if s, err := eng.login(ctx, cand.c); err == nil {
			f.opts.Logger.InfoContext(ctx, "rotation: logged in with a fallback password",
				"function", f.name, "secret", ev.SecretID, "step", string(ev.Step), "stage", cand.stage, "host", cur.addr(), "user", cur.Username)
			return s, nil
		}
	}
	return nil, stepError(ev.Step, arca.EUnavailable, firstErr,
		"log in to %s at %s as %q: neither the AWSCURRENT, AWSPREVIOUS nor AWSPENDING password works", eng.kind(), cur.addr(), cur.Username)
}
