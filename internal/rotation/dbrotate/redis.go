package dbrotate

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/redis/go-redis/v9"
)

// TagRedisKeepPrevious is the tag that decides whether a Redis ACL user
// keeps accepting the AWSPREVIOUS password after finishSecret: "true" (the
// default) keeps it until the next rotation, "false" removes it at once.
const TagRedisKeepPrevious = "arca:redis-keep-previous"

// redisFunction rotates the password of a Redis ACL user. Redis lets a user
// have several passwords, so one user gives the dual-secret window that SQL
// needs two users for: setSecret leaves exactly {AWSCURRENT, AWSPENDING}
// (ACL SETUSER u resetpass >current >pending, one atomic command); after
// finishSecret the new AWSCURRENT and the old one (now AWSPREVIOUS) both
// work until the next rotation's setSecret drops the older, unless the tag
// arca:redis-keep-previous is "false".
//
// It logs in with the secret named by "masterarn" when there is one (an
// admin user), else as the user itself, which then needs the +acl|setuser
// permission.
type redisFunction struct {
	opts Options
}

const redisDefaultPort = 6379

// Invoke runs one step. Errors are *arca.Error values as for the SQL
// functions: EInvalid, EPrecondition, EUnavailable.
func (f *redisFunction) Invoke(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	ctx, cancel := context.WithTimeout(ctx, f.opts.StepTimeout)
	defer cancel()
	done, err := versionState(ctx, sm, ev)
	if err != nil {
		return err
	}
	if done && ev.Step != rotation.StepFinish {
		return nil
	}
	switch ev.Step {
	case rotation.StepCreate:
		return createPending(ctx, sm, ev, redisDefaultPort, checkRedis, nil)
	case rotation.StepSet:
		return f.set(ctx, sm, ev)
	case rotation.StepTest:
		return f.test(ctx, sm, ev)
	case rotation.StepFinish:
		if !done {
			if err := finish(ctx, sm, ev); err != nil {
				return err
			}
		}
		// Also when already done: a retry must still drop the old password.
		return f.dropPrevious(ctx, sm, ev)
	}
	return stepError(ev.Step, arca.EInvalid, nil, "unknown step %q", ev.Step)
}

func checkRedis(c *creds) error { return checkEngine(c, "redis", "valkey") }

func (f *redisFunction) set(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	cur, err := readCreds(ctx, sm, ev.Step, ev.SecretID, "", stageCurrent, redisDefaultPort)
	if err != nil {
		return err
	}
	pend, err := readCreds(ctx, sm, ev.Step, ev.SecretID, ev.ClientRequestToken, stagePending, redisDefaultPort)
	if err != nil {
		return err
	}
	if err := checkRedis(pend); err != nil {
		return stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING value: %s", arca.ErrorMessage(err))
	}
	if cur.Username != pend.Username || !cur.sameServer(pend) {
		return stepError(ev.Step, arca.EInvalid, nil, "AWSPENDING names user %q at %s, AWSCURRENT %q at %s", pend.Username, pend.addr(), cur.Username, cur.addr())
	}
	c, err := f.admin(ctx, sm, ev, cur, pend)
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	args := []any{"ACL", "SETUSER", pend.Username, "resetpass", ">" + pend.Password.reveal()}
	if !cur.Password.empty() && !cur.Password.equal(pend.Password) {
		args = append(args, ">"+cur.Password.reveal())
	}
	if err := c.Do(ctx, args...).Err(); err != nil {
		return stepError(ev.Step, arca.EUnavailable, scrub(err, cur.Password, pend.Password),
			"set the passwords of redis user %q at %s", pend.Username, pend.addr())
	}
	return nil
}

func (f *redisFunction) test(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	pend, err := readCreds(ctx, sm, ev.Step, ev.SecretID, ev.ClientRequestToken, stagePending, redisDefaultPort)
	if err != nil {
		return err
	}
	c, err := f.login(ctx, pend)
	if err != nil {
		return stepError(ev.Step, arca.EUnavailable, err, "log in to redis at %s as %q with the AWSPENDING password", pend.addr(), pend.Username)
	}
	return c.Close()
}

// dropPrevious leaves only AWSCURRENT's password when the secret's tags ask
// for it. It runs after Finish: removing the old password before
// AWSCURRENT moved would lock out the applications reading AWSCURRENT.
func (f *redisFunction) dropPrevious(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	tags, err := sm.Tags(ctx, ev.SecretID)
	if err != nil {
		return storeError(ev.Step, "read tags", err)
	}
	keep, err := keepPrevious(tags)
	if err != nil || keep {
		return err
	}
	cur, err := readCreds(ctx, sm, ev.Step, ev.SecretID, "", stageCurrent, redisDefaultPort)
	if err != nil {
		return err
	}
	c, err := f.admin(ctx, sm, ev, cur, cur)
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	if err := c.Do(ctx, "ACL", "SETUSER", cur.Username, "resetpass", ">"+cur.Password.reveal()).Err(); err != nil {
		return stepError(ev.Step, arca.EUnavailable, scrub(err, cur.Password),
			"remove the previous password of redis user %q at %s", cur.Username, cur.addr())
	}
	return nil
}

func keepPrevious(tags map[string]string) (bool, error) {
	v, ok := tags[TagRedisKeepPrevious]
	if !ok {
		return true, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, arca.Errorf(arca.EInvalid, "tag %s must be true or false", TagRedisKeepPrevious)
	}
	return b, nil
}

// admin logs in as the master user when the secret names one, else as the
// user itself with AWSCURRENT's password, else AWSPREVIOUS's, else
// AWSPENDING's (a retry after setSecret already ran).
func (f *redisFunction) admin(ctx context.Context, sm rotation.Secrets, ev rotation.Event, cur, pend *creds) (*redis.Client, error) {
	if cur.MasterARN != "" {
		master, err := readMaster(ctx, sm, ev, cur, redisDefaultPort)
		if err != nil {
			return nil, err
		}
		c, err := f.login(ctx, master)
		if err != nil {
			return nil, stepError(ev.Step, arca.EUnavailable, err, "log in to redis at %s as master user %q", master.addr(), master.Username)
		}
		n, err := c.Do(ctx, "ACL", "GETUSER", cur.Username).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			_ = c.Close()
			return nil, stepError(ev.Step, arca.EUnavailable, scrub(err), "look up redis user %q at %s", cur.Username, cur.addr())
		}
		if n == nil {
			// ACL SETUSER would create it, disabled and without rights.
			_ = c.Close()
			return nil, stepError(ev.Step, arca.EPrecondition, nil, "redis user %q does not exist at %s", cur.Username, cur.addr())
		}
		return c, nil
	}
	tries := []*creds{cur}
	if v, found, err := getValue(ctx, sm, ev.Step, ev.SecretID, "", stagePrevious); err != nil {
		return nil, err
	} else if found {
		if prev, err := parseCreds(v, redisDefaultPort); err == nil && prev.Username == cur.Username && prev.sameServer(cur) {
			tries = append(tries, prev)
		}
	}
	if pend != cur {
		tries = append(tries, pend)
	}
	var first error
	for _, t := range tries {
		c, err := f.login(ctx, t)
		if err == nil {
			return c, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, stepError(ev.Step, arca.EUnavailable, first,
		"log in to redis at %s as %q: no stored password works", cur.addr(), cur.Username)
}

// login connects and authenticates; the error is scrubbed.
func (f *redisFunction) login(ctx context.Context, c *creds) (*redis.Client, error) {
	opt := &redis.Options{
		Addr:                  net.JoinHostPort(c.Host, strconv.Itoa(c.Port)),
		Username:              c.Username,
		Password:              c.Password.reveal(),
		DialTimeout:           f.opts.ConnectTimeout,
		ReadTimeout:           f.opts.StepTimeout,
		WriteTimeout:          f.opts.StepTimeout,
		ContextTimeoutEnabled: true,
		PoolSize:              1,
		MaxRetries:            -1, // a refused password must not be retried
		DialerRetries:         1,  // the step is retried by the runner, with backoff
		DisableIdentity:       true,
	}
	if c.SSL != nil && *c.SSL {
		opt.TLSConfig = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	cl := redis.NewClient(opt)
	// The login (dial, HELLO/AUTH, PING) gets ConnectTimeout: DialTimeout
	// alone does not bound a server that accepts and never answers.
	lctx, cancel := context.WithTimeout(ctx, f.opts.ConnectTimeout)
	defer cancel()
	// NOPERM means the login worked and the user may not run PING.
	if err := cl.Ping(lctx).Err(); err != nil && !strings.HasPrefix(err.Error(), "NOPERM") {
		_ = cl.Close()
		return nil, scrub(err, c.Password)
	}
	return cl, nil
}
