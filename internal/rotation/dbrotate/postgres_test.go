package dbrotate_test

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/dbrotate"
	"github.com/jackc/pgx/v5"
)

// pgServer is the test PostgreSQL server, reached with the admin URL from
// ARCA_TEST_POSTGRES_URL.
type pgServer struct {
	admin *pgx.Conn
	host  string
	port  int
	db    string
	// passwordAuth is false when pg_hba.conf says trust for the test
	// address: any password logs in, so the tests check the stored SCRAM
	// verifiers instead of logins.
	passwordAuth bool
}

func newPGServer(t *testing.T) *pgServer {
	t.Helper()
	url := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; skipping the PostgreSQL rotation tests")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to ARCA_TEST_POSTGRES_URL: %v", err)
	}
	t.Cleanup(func() { _ = admin.Close(context.Background()) })
	cfg := admin.Config()
	s := &pgServer{admin: admin, host: cfg.Host, port: int(cfg.Port), db: cfg.Database}
	// Probe: a role with a known password, logged into with a wrong one.
	probe := s.createRole(t, "arca_probe_", "right-password", "")
	if _, err := s.connect(probe, "wrong-password"); err != nil {
		s.passwordAuth = true
	}
	if !s.passwordAuth {
		t.Logf("PostgreSQL at %s:%d trusts every password (pg_hba trust): logins cannot show that a password stopped working; checking pg_authid SCRAM verifiers instead", s.host, s.port)
	}
	return s
}

func (s *pgServer) exec(t *testing.T, sql string) {
	t.Helper()
	if _, err := s.admin.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// createRole creates a login role with a random name and drops it (and its
// clone) at the end of the test.
func (s *pgServer) createRole(t *testing.T, prefix, password, extra string) string {
	t.Helper()
	name := randomName(prefix)
	s.exec(t, "CREATE ROLE "+name+" WITH LOGIN PASSWORD '"+strings.ReplaceAll(password, "'", "''")+"' "+extra)
	t.Cleanup(func() {
		ctx := context.Background()
		for _, r := range []string{name + "_clone", name} {
			// DROP OWNED also revokes the role's privileges, which would
			// otherwise block DROP ROLE.
			_, _ = s.admin.Exec(ctx, "DROP OWNED BY "+r)
			_, _ = s.admin.Exec(ctx, "DROP ROLE IF EXISTS "+r)
		}
	})
	return name
}

func (s *pgServer) connect(user, password string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig("host=" + s.host + " port=" + strconv.Itoa(s.port) + " dbname=" + s.db + " sslmode=disable")
	if err != nil {
		return nil, err
	}
	cfg.User, cfg.Password = user, password
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return pgx.ConnectConfig(ctx, cfg)
}

// logsIn reports whether user logs in with password and can query.
func (s *pgServer) logsIn(user, password string) bool {
	c, err := s.connect(user, password)
	if err != nil {
		return false
	}
	defer func() { _ = c.Close(context.Background()) }()
	var one int
	return c.QueryRow(context.Background(), "SELECT 1").Scan(&one) == nil
}

// passwordIs reports whether the role's stored SCRAM-SHA-256 verifier is
// that of password (RFC 5802: StoredKey = H(HMAC(SaltedPassword,
// "Client Key")), ServerKey = HMAC(SaltedPassword, "Server Key")).
func (s *pgServer) passwordIs(t *testing.T, user, password string) bool {
	t.Helper()
	var stored *string
	if err := s.admin.QueryRow(context.Background(), "SELECT rolpassword FROM pg_authid WHERE rolname = $1", user).Scan(&stored); err != nil {
		t.Fatalf("read pg_authid of %s: %v", user, err)
	}
	if stored == nil {
		return false
	}
	return scramMatches(t, *stored, password)
}

func scramMatches(t *testing.T, verifier, password string) bool {
	t.Helper()
	// SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>
	rest, ok := strings.CutPrefix(verifier, "SCRAM-SHA-256$")
	if !ok {
		t.Fatalf("stored password is not a SCRAM-SHA-256 verifier (password_encryption must be scram-sha-256 for this test)")
	}
	iterSalt, keys, _ := strings.Cut(rest, "$")
	iterS, saltB64, _ := strings.Cut(iterSalt, ":")
	storedB64, serverB64, _ := strings.Cut(keys, ":")
	iter, _ := strconv.Atoi(iterS)
	salt, _ := base64.StdEncoding.DecodeString(saltB64)
	salted, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		t.Fatal(err)
	}
	mac := func(msg string) []byte {
		m := hmac.New(sha256.New, salted)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	storedKey := sha256.Sum256(mac("Client Key"))
	return base64.StdEncoding.EncodeToString(storedKey[:]) == storedB64 &&
		base64.StdEncoding.EncodeToString(mac("Server Key")) == serverB64
}

// works reports whether user/password are the credentials of the role: a
// real login where the server checks passwords, the verifier otherwise.
func (s *pgServer) works(t *testing.T, user, password string) bool {
	t.Helper()
	if s.passwordAuth {
		return s.logsIn(user, password)
	}
	return s.logsIn(user, password) && s.passwordIs(t, user, password)
}

func (s *pgServer) secret(t *testing.T, user, password string, extra map[string]any) string {
	t.Helper()
	f := map[string]any{"engine": "postgres", "host": s.host, "port": s.port, "username": user, "password": password, "dbname": s.db}
	for k, v := range extra {
		f[k] = v
	}
	return secretJSON(t, f)
}

func TestPostgres_SingleUser(t *testing.T) {
	srv := newPGServer(t)
	fn := dbrotate.Functions()[dbrotate.PostgresSingleUser]
	const initial = "initial-'pass\\word"
	user := srv.createRole(t, "arca_rot_", initial, "")
	sm := newMemSecrets()
	id := "arn:aws:secretsmanager:us-east-1:000000000000:secret:pg-single"
	sm.create(id, srv.secret(t, user, initial, map[string]any{"dbClusterIdentifier": "keep-me"}), nil)

	rotate(t, fn, sm, id)
	cur := sm.value(t, id, "AWSCURRENT")
	u, pw := userPass(t, cur)
	if u != user || pw == initial {
		t.Fatalf("AWSCURRENT after rotation: user %q, password changed: %v", u, pw != initial)
	}
	if fields(t, cur)["dbClusterIdentifier"] != "keep-me" {
		t.Errorf("createSecret dropped an unknown field of the secret")
	}
	if !srv.works(t, user, pw) {
		t.Fatalf("the new password does not work")
	}
	if srv.works(t, user, initial) {
		t.Fatalf("the old password still works")
	}
	if _, prev := userPass(t, sm.value(t, id, "AWSPREVIOUS")); prev != initial {
		t.Errorf("AWSPREVIOUS does not hold the old password")
	}

	t.Run("second_rotation", func(t *testing.T) {
		rotate(t, fn, sm, id)
		_, pw2 := userPass(t, sm.value(t, id, "AWSCURRENT"))
		if pw2 == pw || !srv.works(t, user, pw2) || srv.works(t, user, pw) {
			t.Fatalf("second rotation: new works %v, previous still works %v", srv.works(t, user, pw2), srv.works(t, user, pw))
		}
	})

	t.Run("server_hashes_non_ascii", func(t *testing.T) {
		// A password SASLprep might change is sent for the server to hash.
		sm.next = []string{"pässwörd-ß-" + randomName("")}
		rotate(t, fn, sm, id)
		_, pw3 := userPass(t, sm.value(t, id, "AWSCURRENT"))
		if !srv.passwordIs(t, user, pw3) {
			t.Fatalf("the server-hashed password does not verify")
		}
	})
}

func TestPostgres_SingleUser_RetryAfterSet(t *testing.T) {
	// setSecret ran, then the rotation stopped; AWSCURRENT no longer logs
	// in (where passwords are checked), so the retry logs in with AWSPENDING.
	srv := newPGServer(t)
	fn := dbrotate.Functions()[dbrotate.PostgresSingleUser]
	user := srv.createRole(t, "arca_rot_", "initial", "")
	sm := newMemSecrets()
	id := "pg-retry"
	sm.create(id, srv.secret(t, user, "initial", nil), nil)
	token := newToken()
	ctx := context.Background()
	for _, s := range []rotation.Step{rotation.StepCreate, rotation.StepSet, rotation.StepSet, rotation.StepTest, rotation.StepFinish} {
		if err := step(ctx, fn, sm, id, token, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	// Every step of a finished rotation is a no-op.
	for _, s := range rotation.Steps {
		if err := step(ctx, fn, sm, id, token, s); err != nil {
			t.Fatalf("%s after finish: %v", s, err)
		}
	}
	_, pw := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if !srv.works(t, user, pw) {
		t.Fatal("the new password does not work")
	}
}

func TestPostgres_AlternatingUsers(t *testing.T) {
	srv := newPGServer(t)
	fn := dbrotate.Functions()[dbrotate.PostgresAlternatingUsers]
	ctx := context.Background()
	user := srv.createRole(t, "arca_rot_", "initial", "")
	table := randomName("arca_rot_t_")
	srv.exec(t, "CREATE TABLE "+table+" (x int)")
	t.Cleanup(func() { _, _ = srv.admin.Exec(context.Background(), "DROP TABLE IF EXISTS "+table) })
	srv.exec(t, "GRANT SELECT ON "+table+" TO "+user)
	master := srv.createRole(t, "arca_rot_master_", "master-pw", "CREATEROLE")
	srv.exec(t, "GRANT "+user+" TO "+master+" WITH ADMIN OPTION") // PostgreSQL 16 needs ADMIN to grant membership

	sm := newMemSecrets()
	masterID := "pg-master"
	sm.create(masterID, srv.secret(t, master, "master-pw", nil), nil)
	id := "pg-alt"
	sm.create(id, srv.secret(t, user, "initial", map[string]any{"masterarn": masterID}), nil)

	// Rotation 1 creates user_clone with the privileges of user.
	rotate(t, fn, sm, id)
	cloneUser, clonePW := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if cloneUser != user+"_clone" {
		t.Fatalf("AWSCURRENT user = %q, want %q", cloneUser, user+"_clone")
	}
	if !srv.works(t, cloneUser, clonePW) {
		t.Fatal("the clone's credentials do not work")
	}
	c, err := srv.connect(cloneUser, clonePW)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Close(ctx) }()
	if _, err := c.Exec(ctx, "SELECT * FROM "+table); err != nil {
		t.Fatalf("the clone lacks the original's privileges: %v", err)
	}
	// AWSPREVIOUS, the original user, still works.
	if u, p := userPass(t, sm.value(t, id, "AWSPREVIOUS")); u != user || !srv.works(t, u, p) {
		t.Fatalf("AWSPREVIOUS (%s) does not work", u)
	}

	// Rotation 2 goes back to the original user. An application holding
	// the clone's credentials (AWSCURRENT, then AWSPREVIOUS) keeps working
	// through every step: its connection and new logins.
	token := newToken()
	for _, s := range rotation.Steps {
		if err := step(ctx, fn, sm, id, token, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if _, err := c.Exec(ctx, "SELECT * FROM "+table); err != nil {
			t.Fatalf("after %s the application's open connection fails: %v", s, err)
		}
		if !srv.works(t, cloneUser, clonePW) {
			t.Fatalf("after %s the application's credentials stop working", s)
		}
	}
	u, p := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if u != user || p == "initial" || !srv.works(t, u, p) {
		t.Fatalf("AWSCURRENT after rotation 2: user %q; works %v", u, srv.works(t, u, p))
	}
	if srv.works(t, user, "initial") {
		t.Fatal("the original user's old password still works after its next rotation")
	}
	if pu, _ := userPass(t, sm.value(t, id, "AWSPREVIOUS")); pu != cloneUser {
		t.Fatalf("AWSPREVIOUS user = %q, want the clone", pu)
	}
}

func TestPostgres_AlternatingUsers_BadMaster(t *testing.T) {
	srv := newPGServer(t)
	fn := dbrotate.Functions()[dbrotate.PostgresAlternatingUsers]
	user := srv.createRole(t, "arca_rot_", "initial", "")
	master := srv.createRole(t, "arca_rot_master_", "master-pw", "CREATEROLE")
	cases := map[string]string{
		// Under trust auth a wrong password logs in: an unknown master user
		// is the failure every server shows.
		"unknown_master_user": srv.secret(t, master+"_nobody", "master-pw", nil),
		"master_not_allowed":  srv.secret(t, user, "initial", nil), // no CREATEROLE
	}
	if srv.passwordAuth {
		cases["wrong_master_password"] = srv.secret(t, master, "wrong-master-pw", nil)
	}
	for name, masterValue := range cases {
		t.Run(name, func(t *testing.T) {
			sm := newMemSecrets()
			sm.create("master", masterValue, nil)
			id := "pg-alt-bad"
			before := srv.secret(t, user, "initial", map[string]any{"masterarn": "master"})
			sm.create(id, before, nil)
			token := newToken()
			ctx := context.Background()
			if err := step(ctx, fn, sm, id, token, rotation.StepCreate); err != nil {
				t.Fatal(err)
			}
			_, pendingPW := userPass(t, sm.value(t, id, "AWSPENDING"))
			err := step(ctx, fn, sm, id, token, rotation.StepSet)
			if err == nil {
				t.Fatal("setSecret succeeded with a bad master secret")
			}
			noLeak(t, err, pendingPW, "master-pw", "wrong-master-pw", "initial")
			t.Logf("setSecret error: %v", err)
			if got := sm.value(t, id, "AWSCURRENT"); got != before {
				t.Fatal("AWSCURRENT changed")
			}
			var n int
			if err := srv.admin.QueryRow(ctx, "SELECT count(*) FROM pg_roles WHERE rolname = $1", user+"_clone").Scan(&n); err != nil || n != 0 {
				t.Fatalf("the clone was created (%d, %v)", n, err)
			}
		})
	}
}
