package dbrotate_test

import (
	"context"
	"database/sql"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/dbrotate"
	"github.com/go-sql-driver/mysql"
)

// myServer is the test MariaDB/MySQL server, reached with the admin DSN
// from ARCA_TEST_MYSQL_DSN (e.g. root@tcp(127.0.0.1:3306)/test).
type myServer struct {
	admin      *sql.DB
	host       string
	port       int
	db         string
	rootUser   string
	rootPasswd string
}

func newMyServer(t *testing.T) *myServer {
	t.Helper()
	dsn := os.Getenv("ARCA_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("ARCA_TEST_MYSQL_DSN is not set; skipping the MariaDB/MySQL rotation tests")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("ARCA_TEST_MYSQL_DSN does not parse")
	}
	host, portS, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		t.Fatalf("ARCA_TEST_MYSQL_DSN needs tcp(host:port)")
	}
	port, _ := strconv.Atoi(portS)
	acfg := cfg.Clone()
	acfg.InterpolateParams = true // CREATE USER … IDENTIFIED BY ? cannot be prepared
	conn, err := mysql.NewConnector(acfg)
	if err != nil {
		t.Fatal(err)
	}
	admin := sql.OpenDB(conn)
	t.Cleanup(func() { _ = admin.Close() })
	if err := admin.Ping(); err != nil {
		t.Fatalf("connect to ARCA_TEST_MYSQL_DSN: %v", err)
	}
	return &myServer{admin: admin, host: host, port: port, db: cfg.DBName, rootUser: cfg.User, rootPasswd: cfg.Passwd}
}

func (s *myServer) exec(t *testing.T, stmt string, args ...any) {
	t.Helper()
	if _, err := s.admin.Exec(stmt, args...); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// createUser creates user@'%' with a random name, SELECT on the test
// database, and drops it and its clone at the end.
func (s *myServer) createUser(t *testing.T, password string) string {
	t.Helper()
	name := randomName("arca_rot_")
	s.exec(t, "CREATE USER '"+name+"'@'%' IDENTIFIED BY ?", password)
	s.exec(t, "GRANT SELECT ON `"+s.db+"`.* TO '"+name+"'@'%'")
	t.Cleanup(func() {
		_, _ = s.admin.Exec("DROP USER IF EXISTS '" + name + "_clone'@'%'")
		_, _ = s.admin.Exec("DROP USER IF EXISTS '" + name + "'@'%'")
	})
	return name
}

func (s *myServer) connect(user, password string) (*sql.DB, error) {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd = user, password
	cfg.Net, cfg.Addr, cfg.DBName = "tcp", net.JoinHostPort(s.host, strconv.Itoa(s.port)), s.db
	cfg.Timeout = 10 * time.Second
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(c)
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func (s *myServer) works(user, password string) bool {
	db, err := s.connect(user, password)
	if err != nil {
		return false
	}
	defer func() { _ = db.Close() }()
	var one int
	return db.QueryRow("SELECT 1").Scan(&one) == nil
}

func (s *myServer) secret(t *testing.T, user, password string, extra map[string]any) string {
	t.Helper()
	f := map[string]any{"engine": "mariadb", "host": s.host, "port": strconv.Itoa(s.port), "username": user, "password": password, "dbname": s.db}
	for k, v := range extra {
		f[k] = v
	}
	return secretJSON(t, f)
}

func TestMySQL_SingleUser(t *testing.T) {
	srv := newMyServer(t)
	fn := dbrotate.Functions()[dbrotate.MySQLSingleUser]
	const initial = `initial-'pass\word"`
	user := srv.createUser(t, initial)
	sm := newMemSecrets()
	id := "my-single"
	sm.create(id, srv.secret(t, user, initial, nil), nil)

	rotate(t, fn, sm, id)
	u, pw := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if u != user || pw == initial {
		t.Fatalf("AWSCURRENT after rotation: user %q, password changed %v", u, pw != initial)
	}
	if !srv.works(user, pw) {
		t.Fatal("the new password does not log in")
	}
	if srv.works(user, initial) {
		t.Fatal("the old password still logs in")
	}

	t.Run("retry_after_set", func(t *testing.T) {
		// setSecret ran and the rotation stopped: AWSCURRENT no longer
		// logs in, the retry must log in with AWSPENDING.
		token := newToken()
		ctx := context.Background()
		for _, s := range []rotation.Step{rotation.StepCreate, rotation.StepSet} {
			if err := step(ctx, fn, sm, id, token, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		if srv.works(user, pw) {
			t.Fatal("AWSCURRENT's password still logs in after setSecret")
		}
		for _, s := range rotation.Steps[1:] {
			if err := step(ctx, fn, sm, id, token, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		_, pw2 := userPass(t, sm.value(t, id, "AWSCURRENT"))
		if !srv.works(user, pw2) {
			t.Fatal("the new password does not log in")
		}
	})
}

func TestMySQL_AlternatingUsers(t *testing.T) {
	srv := newMyServer(t)
	fn := dbrotate.Functions()[dbrotate.MySQLAlternatingUsers]
	user := srv.createUser(t, "initial")
	sm := newMemSecrets()
	sm.create("my-master", srv.secret(t, srv.rootUser, srv.rootPasswd, nil), nil)
	id := "my-alt"
	sm.create(id, srv.secret(t, user, "initial", map[string]any{"masterarn": "my-master"}), nil)

	rotate(t, fn, sm, id)
	cloneUser, clonePW := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if cloneUser != user+"_clone" || !srv.works(cloneUser, clonePW) {
		t.Fatalf("AWSCURRENT user %q does not log in", cloneUser)
	}
	var grants []string
	rows, err := srv.admin.Query("SHOW GRANTS FOR '" + cloneUser + "'@'%'")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var g string
		_ = rows.Scan(&g)
		grants = append(grants, g)
	}
	_ = rows.Close()
	if !strings.Contains(strings.Join(grants, "\n"), "GRANT SELECT ON `"+srv.db+"`.*") {
		t.Fatalf("the clone did not get the original's grants: %q", grants)
	}
	if !srv.works(user, "initial") {
		t.Fatal("AWSPREVIOUS (the original user) stopped working")
	}

	// Rotation 2: an application holding the clone's credentials keeps
	// working through every step, on its open connection and on new ones.
	app, err := srv.connect(cloneUser, clonePW)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = app.Close() }()
	app.SetMaxOpenConns(1)
	token := newToken()
	ctx := context.Background()
	for _, s := range rotation.Steps {
		if err := step(ctx, fn, sm, id, token, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if err := app.PingContext(ctx); err != nil {
			t.Fatalf("after %s the application's connection fails: %v", s, err)
		}
		if !srv.works(cloneUser, clonePW) {
			t.Fatalf("after %s the application's credentials stop working", s)
		}
	}
	u, p := userPass(t, sm.value(t, id, "AWSCURRENT"))
	if u != user || !srv.works(u, p) {
		t.Fatalf("AWSCURRENT after rotation 2 (%s) does not log in", u)
	}
	if srv.works(user, "initial") {
		t.Fatal("the original user's old password still works after its next rotation")
	}
	if pu, _ := userPass(t, sm.value(t, id, "AWSPREVIOUS")); pu != cloneUser {
		t.Fatalf("AWSPREVIOUS user = %q, want the clone", pu)
	}
}

func TestMySQL_AlternatingUsers_WrongMasterPassword(t *testing.T) {
	srv := newMyServer(t)
	fn := dbrotate.Functions()[dbrotate.MySQLAlternatingUsers]
	user := srv.createUser(t, "initial")
	sm := newMemSecrets()
	const wrong = "wrong-master-'password"
	sm.create("my-master", srv.secret(t, srv.rootUser, wrong, nil), nil)
	id := "my-alt-bad"
	before := srv.secret(t, user, "initial", map[string]any{"masterarn": "my-master"})
	sm.create(id, before, nil)
	token := newToken()
	ctx := context.Background()
	if err := step(ctx, fn, sm, id, token, rotation.StepCreate); err != nil {
		t.Fatal(err)
	}
	_, pending := userPass(t, sm.value(t, id, "AWSPENDING"))
	err := step(ctx, fn, sm, id, token, rotation.StepSet)
	if err == nil {
		t.Fatal("setSecret succeeded with a wrong master password")
	}
	noLeak(t, err, wrong, pending, "initial")
	t.Logf("setSecret error: %v", err)
	if sm.value(t, id, "AWSCURRENT") != before {
		t.Fatal("AWSCURRENT changed")
	}
	if err := step(ctx, fn, sm, id, token, rotation.StepTest); err == nil {
		t.Fatal("testSecret succeeded although the pending user was never created")
	}
	var n int
	if err := srv.admin.QueryRow("SELECT COUNT(*) FROM mysql.user WHERE User = ?", user+"_clone").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the clone was created (%d, %v)", n, err)
	}
}
