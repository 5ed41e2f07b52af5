package dbrotate_test

import (
	"context"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/dbrotate"
	"github.com/redis/go-redis/v9"
)

// redisServer is the test Redis, at ARCA_TEST_REDIS_ADDR, whose default
// user is the admin.
type redisServer struct {
	admin *redis.Client
	host  string
	port  int
}

func newRedisServer(t *testing.T) *redisServer {
	t.Helper()
	addr := os.Getenv("ARCA_TEST_REDIS_ADDR")
	if addr == "" {
		t.Skip("ARCA_TEST_REDIS_ADDR is not set; skipping the Redis ACL rotation tests")
	}
	host, portS, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("ARCA_TEST_REDIS_ADDR is not host:port")
	}
	port, _ := strconv.Atoi(portS)
	admin := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	t.Cleanup(func() { _ = admin.Close() })
	if err := admin.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("connect to ARCA_TEST_REDIS_ADDR: %v", err)
	}
	return &redisServer{admin: admin, host: host, port: port}
}

// createUser creates an ACL user with a random name and the given rules,
// deleted at the end of the test.
func (s *redisServer) createUser(t *testing.T, prefix, password string, rules ...string) string {
	t.Helper()
	name := randomName(prefix)
	args := []any{"ACL", "SETUSER", name, "on", ">" + password}
	for _, r := range rules {
		args = append(args, r)
	}
	if err := s.admin.Do(context.Background(), args...).Err(); err != nil {
		t.Fatalf("ACL SETUSER %s: %v", name, err)
	}
	t.Cleanup(func() { _ = s.admin.Do(context.Background(), "ACL", "DELUSER", name).Err() })
	return name
}

func (s *redisServer) client(user, password string) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr: net.JoinHostPort(s.host, strconv.Itoa(s.port)), Username: user, Password: password,
		DisableIdentity: true, MaxRetries: -1,
	})
}

func (s *redisServer) works(user, password string) bool {
	c := s.client(user, password)
	defer func() { _ = c.Close() }()
	return c.Ping(context.Background()).Err() == nil
}

func (s *redisServer) secret(t *testing.T, user, password string, extra map[string]any) string {
	t.Helper()
	f := map[string]any{"engine": "redis", "host": s.host, "port": s.port, "username": user, "password": password}
	for k, v := range extra {
		f[k] = v
	}
	return secretJSON(t, f)
}

// appRules are what an application user has; +acl|setuser lets it rotate
// its own password when no master secret is given.
var appRules = []string{"~arca:*", "+ping", "+get", "+set", "+acl|setuser"}

func TestRedis_KeepsPreviousUntilNextRotation(t *testing.T) {
	srv := newRedisServer(t)
	fn := dbrotate.Functions()[dbrotate.RedisACL]
	ctx := context.Background()
	const initial = "initial >pass 'word"
	user := srv.createUser(t, "arca_rot_", initial, appRules...)
	sm := newMemSecrets()
	id := "redis-keep"
	sm.create(id, srv.secret(t, user, initial, nil), nil)

	rotate(t, fn, sm, id)
	_, pw1 := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if pw1 == initial || !srv.works(user, pw1) {
		t.Fatal("the new password does not log in")
	}
	if !srv.works(user, initial) {
		t.Fatal("AWSPREVIOUS stopped working before the next rotation")
	}
	// The user's other rules are kept.
	c := srv.client(user, pw1)
	defer func() { _ = c.Close() }()
	if err := c.Set(ctx, "arca:rot", "x", 0).Err(); err != nil {
		t.Fatalf("SET on an allowed key: %v", err)
	}
	if err := c.Get(ctx, "other:key").Err(); err == nil || !strings.HasPrefix(err.Error(), "NOPERM") {
		t.Fatalf("GET outside the key pattern: %v, want NOPERM", err)
	}

	// Rotation 2: an application holding pw1 (AWSCURRENT, then AWSPREVIOUS)
	// keeps working through every step.
	token := newToken()
	for _, s := range rotation.Steps {
		if err := step(ctx, fn, sm, id, token, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if err := c.Get(ctx, "arca:rot").Err(); err != nil {
			t.Fatalf("after %s the application's connection fails: %v", s, err)
		}
		if !srv.works(user, pw1) {
			t.Fatalf("after %s the application's password stops working", s)
		}
	}
	_, pw2 := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if !srv.works(user, pw2) {
		t.Fatal("the new password does not log in")
	}
	if srv.works(user, initial) {
		t.Fatal("the password from two rotations ago still logs in")
	}
}

func TestRedis_DropPrevious(t *testing.T) {
	srv := newRedisServer(t)
	fn := dbrotate.Functions()[dbrotate.RedisACL]
	user := srv.createUser(t, "arca_rot_", "initial", appRules...)
	sm := newMemSecrets()
	id := "redis-drop"
	sm.create(id, srv.secret(t, user, "initial", nil), map[string]string{dbrotate.TagRedisKeepPrevious: "false"})
	rotate(t, fn, sm, id)
	_, pw := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if !srv.works(user, pw) {
		t.Fatal("the new password does not log in")
	}
	if srv.works(user, "initial") {
		t.Fatal("the old password still logs in")
	}
	// A retried finishSecret (the rotation is already finished) removes a
	// password left behind by a failed first attempt.
	if err := srv.admin.Do(context.Background(), "ACL", "SETUSER", user, ">initial").Err(); err != nil {
		t.Fatal(err)
	}
	stages, _ := sm.Stages(context.Background(), id)
	for v, st := range stages {
		if slices.Contains(st, "AWSCURRENT") {
			if err := step(context.Background(), fn, sm, id, v, rotation.StepFinish); err != nil {
				t.Fatal(err)
			}
		}
	}
	if srv.works(user, "initial") || !srv.works(user, pw) {
		t.Fatal("a retried finishSecret did not leave only the AWSCURRENT password")
	}
}

func TestRedis_Master(t *testing.T) {
	srv := newRedisServer(t)
	fn := dbrotate.Functions()[dbrotate.RedisACL]
	ctx := context.Background()
	user := srv.createUser(t, "arca_rot_", "initial", "~arca:*", "+ping", "+get") // may not change itself
	master := srv.createUser(t, "arca_rot_master_", "master-pw", "~*", "&*", "+@all")

	t.Run("rotates", func(t *testing.T) {
		sm := newMemSecrets()
		sm.create("master", srv.secret(t, master, "master-pw", nil), nil)
		id := "redis-master"
		sm.create(id, srv.secret(t, user, "initial", map[string]any{"masterarn": "master"}), nil)
		rotate(t, fn, sm, id)
		_, pw := userPass(t, sm.value(t, id, "AWSCURRENT"))
		if !srv.works(user, pw) || !srv.works(user, "initial") {
			t.Fatalf("new works %v, previous works %v; want both", srv.works(user, pw), srv.works(user, "initial"))
		}
		// Put the user back for the next case.
		if err := srv.admin.Do(ctx, "ACL", "SETUSER", user, "resetpass", ">initial").Err(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("wrong_master_password", func(t *testing.T) {
		sm := newMemSecrets()
		sm.create("master", srv.secret(t, master, "wrong-master-pw", nil), nil)
		id := "redis-master-bad"
		before := srv.secret(t, user, "initial", map[string]any{"masterarn": "master"})
		sm.create(id, before, nil)
		token := newToken()
		if err := step(ctx, fn, sm, id, token, rotation.StepCreate); err != nil {
			t.Fatal(err)
		}
		_, pending := userPass(t, sm.value(t, id, "AWSPENDING"))
		err := step(ctx, fn, sm, id, token, rotation.StepSet)
		if err == nil {
			t.Fatal("setSecret succeeded with a wrong master password")
		}
		noLeak(t, err, "wrong-master-pw", "master-pw", pending, "initial")
		t.Logf("setSecret error: %v", err)
		if sm.value(t, id, "AWSCURRENT") != before || srv.works(user, pending) || !srv.works(user, "initial") {
			t.Fatal("a failed setSecret changed AWSCURRENT or the user's passwords")
		}
	})

	t.Run("no_permission_without_master", func(t *testing.T) {
		sm := newMemSecrets()
		id := "redis-noperm"
		sm.create(id, srv.secret(t, user, "initial", nil), nil)
		token := newToken()
		if err := step(ctx, fn, sm, id, token, rotation.StepCreate); err != nil {
			t.Fatal(err)
		}
		_, pending := userPass(t, sm.value(t, id, "AWSPENDING"))
		err := step(ctx, fn, sm, id, token, rotation.StepSet)
		if err == nil || !strings.Contains(err.Error(), "NOPERM") {
			t.Fatalf("setSecret without +acl|setuser: %v, want NOPERM", err)
		}
		noLeak(t, err, pending, "initial")
	})

	t.Run("unknown_user", func(t *testing.T) {
		sm := newMemSecrets()
		sm.create("master", srv.secret(t, master, "master-pw", nil), nil)
		id := "redis-unknown"
		nobody := randomName("arca_nobody_")
		sm.create(id, srv.secret(t, nobody, "initial", map[string]any{"masterarn": "master"}), nil)
		token := newToken()
		if err := step(ctx, fn, sm, id, token, rotation.StepCreate); err != nil {
			t.Fatal(err)
		}
		if err := step(ctx, fn, sm, id, token, rotation.StepSet); err == nil {
			t.Fatal("setSecret created a user that did not exist")
		}
		if n, _ := srv.admin.Do(ctx, "ACL", "GETUSER", nobody).Result(); n != nil {
			_ = srv.admin.Do(ctx, "ACL", "DELUSER", nobody).Err()
			t.Fatal("the user was created")
		}
	})
}
