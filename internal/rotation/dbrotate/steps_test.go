package dbrotate_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/dbrotate"
)

// These tests need no server: createSecret and the stage checks never
// connect. The address is a closed port so any connection fails fast.
func unreachable(t *testing.T, user string, extra map[string]any) string {
	f := map[string]any{"host": "127.0.0.1", "port": 1, "username": user, "password": "initial"}
	for k, v := range extra {
		f[k] = v
	}
	return secretJSON(t, f)
}

func TestFunctions_Names(t *testing.T) {
	fns := dbrotate.Functions()
	for _, name := range []string{
		"arca-rotate-postgres-single-user", "arca-rotate-postgres-alternating-users",
		"arca-rotate-mysql-single-user", "arca-rotate-mysql-alternating-users", "arca-rotate-redis-acl",
	} {
		if fns[name] == nil {
			t.Errorf("no function %s", name)
		}
	}
	if len(fns) != 5 {
		t.Errorf("%d functions, want 5", len(fns))
	}
}

func TestCreateSecret(t *testing.T) {
	ctx := context.Background()
	fns := dbrotate.NewFunctions(dbrotate.Options{ConnectTimeout: time.Second})
	cases := []struct {
		name     string
		fn       string
		value    map[string]any
		wantUser string
		wantCode arca.Code
	}{
		{name: "single_keeps_user", fn: dbrotate.PostgresSingleUser, wantUser: "app"},
		{name: "alternating_adds_clone", fn: dbrotate.PostgresAlternatingUsers, value: map[string]any{"masterarn": "m"}, wantUser: "app_clone"},
		{name: "mysql_alternating_adds_clone", fn: dbrotate.MySQLAlternatingUsers, value: map[string]any{"masterarn": "m", "engine": "mysql"}, wantUser: "app_clone"},
		{name: "redis_keeps_user", fn: dbrotate.RedisACL, wantUser: "app"},
		{name: "alternating_needs_masterarn", fn: dbrotate.MySQLAlternatingUsers, wantCode: arca.EInvalid},
		{name: "engine_mismatch", fn: dbrotate.PostgresSingleUser, value: map[string]any{"engine": "mysql"}, wantCode: arca.EInvalid},
		{name: "bad_port", fn: dbrotate.PostgresSingleUser, value: map[string]any{"port": "x"}, wantCode: arca.EInvalid},
		{name: "mysql_name_too_long", fn: dbrotate.MySQLAlternatingUsers, value: map[string]any{"masterarn": "m", "username": "a_user_name_of_exactly_29_char"}, wantCode: arca.EInvalid},
		{name: "mariadb_longer_names", fn: dbrotate.MySQLAlternatingUsers, value: map[string]any{"masterarn": "m", "engine": "mariadb", "username": "a_user_name_of_exactly_29_char"}, wantUser: "a_user_name_of_exactly_29_char_clone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sm := newMemSecrets()
			sm.create("s", unreachable(t, "app", tc.value), nil)
			token := newToken()
			err := step(ctx, fns[tc.fn], sm, "s", token, rotation.StepCreate)
			if tc.wantCode != "" {
				if arca.ErrorCode(err) != tc.wantCode {
					t.Fatalf("err = %v, want code %s", err, tc.wantCode)
				}
				if _, err := sm.GetValue(ctx, "s", token, ""); err == nil {
					t.Fatal("a failed createSecret stored AWSPENDING")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pending := sm.value(t, "s", "AWSPENDING")
			u, p := userPass(t, pending)
			if u != tc.wantUser || p == "initial" || p == "" {
				t.Fatalf("AWSPENDING user %q, new password %v", u, p != "initial")
			}
			if fields(t, pending)["host"] != "127.0.0.1" {
				t.Fatal("createSecret lost the other fields")
			}
			// A second createSecret keeps the pending value.
			if err := step(ctx, fns[tc.fn], sm, "s", token, rotation.StepCreate); err != nil {
				t.Fatal(err)
			}
			if sm.value(t, "s", "AWSPENDING") != pending {
				t.Fatal("createSecret is not idempotent")
			}
		})
	}
}

func TestAlternating_FlipsBack(t *testing.T) {
	sm := newMemSecrets()
	sm.create("s", unreachable(t, "app_clone", map[string]any{"masterarn": "m"}), nil)
	fn := dbrotate.Functions()[dbrotate.PostgresAlternatingUsers]
	if err := step(context.Background(), fn, sm, "s", newToken(), rotation.StepCreate); err != nil {
		t.Fatal(err)
	}
	if u, _ := userPass(t, sm.value(t, "s", "AWSPENDING")); u != "app" {
		t.Fatalf("AWSPENDING user = %q, want app", u)
	}
}

func TestSteps_VersionChecks(t *testing.T) {
	ctx := context.Background()
	for name, fn := range dbrotate.NewFunctions(dbrotate.Options{ConnectTimeout: time.Second}) {
		t.Run(name, func(t *testing.T) {
			sm := newMemSecrets()
			sm.create("s", unreachable(t, "app", map[string]any{"masterarn": "m"}), nil)
			// A token that is not a version: every step but createSecret refuses.
			for _, s := range rotation.Steps[1:] {
				if err := step(ctx, fn, sm, "s", "no-such-token", s); arca.ErrorCode(err) != arca.EPrecondition {
					t.Errorf("%s with an unknown token: %v, want precondition", s, err)
				}
			}
			// The AWSCURRENT version: a finished rotation, every step is a no-op
			// (the server is unreachable, so any connection would fail).
			for _, s := range rotation.Steps {
				if err := step(ctx, fn, sm, "s", "v0", s); err != nil {
					t.Errorf("%s on the AWSCURRENT version: %v", s, err)
				}
			}
			if err := step(ctx, fn, sm, "s", "", rotation.StepCreate); arca.ErrorCode(err) != arca.EInvalid {
				t.Errorf("no token: %v", err)
			}
			// A pending version whose server is down: setSecret and
			// testSecret fail as unavailable and AWSCURRENT stays.
			token := newToken()
			if err := step(ctx, fn, sm, "s", token, rotation.StepCreate); err != nil {
				t.Fatal(err)
			}
			_, pending := userPass(t, sm.value(t, "s", "AWSPENDING"))
			sm.create("m", unreachable(t, "admin", nil), nil)
			for _, s := range []rotation.Step{rotation.StepSet, rotation.StepTest} {
				err := step(ctx, fn, sm, "s", token, s)
				if arca.ErrorCode(err) != arca.EUnavailable {
					t.Errorf("%s against a closed port: %v, want unavailable", s, err)
				}
				noLeak(t, err, pending, "initial")
			}
			if u, p := userPass(t, sm.value(t, "s", "AWSCURRENT")); u != "app" || p != "initial" {
				t.Error("AWSCURRENT changed")
			}
			if err := step(ctx, fn, sm, "s", token, "bogusStep"); arca.ErrorCode(err) != arca.EInvalid {
				t.Errorf("unknown step: %v", err)
			}
		})
	}
}

func TestSetSecret_MasterOnAnotherServer(t *testing.T) {
	// The master password is only ever sent to the rotated user's server.
	ctx := context.Background()
	sm := newMemSecrets()
	sm.create("m", secretJSON(t, map[string]any{"host": "10.9.9.9", "port": 1, "username": "admin", "password": "master-pw"}), nil)
	sm.create("s", unreachable(t, "app", map[string]any{"masterarn": "m"}), nil)
	fn := dbrotate.Functions()[dbrotate.MySQLAlternatingUsers]
	token := newToken()
	if err := step(ctx, fn, sm, "s", token, rotation.StepCreate); err != nil {
		t.Fatal(err)
	}
	err := step(ctx, fn, sm, "s", token, rotation.StepSet)
	var e *arca.Error
	if !errors.As(err, &e) || e.Code != arca.EInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	noLeak(t, err, "master-pw")
}

func TestSteps_HangingServerTimesOut(t *testing.T) {
	// A server that accepts connections and never answers: every login
	// gives up after ConnectTimeout, well within the step's deadline.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			_ = c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	fns := dbrotate.NewFunctions(dbrotate.Options{ConnectTimeout: 300 * time.Millisecond, StepTimeout: 5 * time.Second})
	for name, fn := range fns {
		t.Run(name, func(t *testing.T) {
			sm := newMemSecrets()
			sm.create("s", secretJSON(t, map[string]any{"host": "127.0.0.1", "port": port, "username": "app", "password": "initial", "ssl": false, "masterarn": "m"}), nil)
			token := newToken()
			ctx := context.Background()
			if err := step(ctx, fn, sm, "s", token, rotation.StepCreate); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err := step(ctx, fn, sm, "s", token, rotation.StepTest)
			if arca.ErrorCode(err) != arca.EUnavailable {
				t.Fatalf("testSecret: %v, want unavailable", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("testSecret took %v", d)
			}
		})
	}
}
