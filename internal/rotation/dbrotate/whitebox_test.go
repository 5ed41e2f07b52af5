package dbrotate

// White-box tests of the quoting, parsing and redaction helpers.

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestPGLiteral(t *testing.T) {
	cases := map[string]string{
		"plain":      "'plain'",
		"it's":       "'it''s'",
		`back\slash`: `E'back\\slash'`,
		`both\'`:     `E'both\\'''`,
		"":           "''",
	}
	for in, want := range cases {
		if got := pgLiteral(in); got != want {
			t.Errorf("pgLiteral(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestConninfoValue_RoundTrip(t *testing.T) {
	for _, v := range []string{"plain", "it's", `back\slash`, "with space", `'\`} {
		cfg, err := pgx.ParseConfig("host=h user=" + conninfoValue(v) + " dbname=" + conninfoValue(v))
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		if cfg.User != v || cfg.Database != v {
			t.Errorf("%q came back as user %q, database %q", v, cfg.User, cfg.Database)
		}
	}
}

func TestCloneGrant(t *testing.T) {
	cases := []struct {
		name, line, want string
		ok               bool
	}{
		{"mariadb_usage_drops_hash", "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*9F75CEF7FD0C75DC40611DD8F86B6FFF569BF56D'",
			"GRANT USAGE ON *.* TO `app_clone`@`%`", true},
		{"db_grant", "GRANT SELECT, INSERT ON `test`.* TO `app`@`%`", "GRANT SELECT, INSERT ON `test`.* TO `app_clone`@`%`", true},
		{"grant_option", "GRANT ALL PRIVILEGES ON `db`.* TO `app`@`%` WITH GRANT OPTION", "GRANT ALL PRIVILEGES ON `db`.* TO `app_clone`@`%` WITH GRANT OPTION", true},
		{"role", "GRANT `reader` TO `app`@`%`", "GRANT `reader` TO `app_clone`@`%`", true},
		{"mysql57_quotes", "GRANT SELECT ON `test`.* TO 'app'@'%'", "GRANT SELECT ON `test`.* TO `app_clone`@`%`", true},
		{"default_role", "SET DEFAULT ROLE `reader` FOR `app`@`%`", "SET DEFAULT ROLE `reader` FOR `app_clone`@`%`", true},
		{"other_grantee", "GRANT SELECT ON *.* TO `someone`@`%`", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cloneGrant(tc.line, "app", "app_clone", "%")
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestAltUsername(t *testing.T) {
	cases := []struct {
		in, want string
		max      int
		ok       bool
	}{
		{"app", "app_clone", 63, true},
		{"app_clone", "app", 63, true},
		{"_clone", "_clone_clone", 63, true},
		{strings.Repeat("a", 27), "", 32, false},
		{strings.Repeat("a", 26), strings.Repeat("a", 26) + "_clone", 32, true},
	}
	for _, tc := range cases {
		got, err := altUsername(tc.in, tc.max)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("altUsername(%q, %d) = %q, %v", tc.in, tc.max, got, err)
		}
	}
}

func TestParseCreds(t *testing.T) {
	c, err := parseCreds(arca.Value(`{"host":"db","port":"5433","username":"u","password":"p","ssl":"true","masterarn":"m"}`), 5432)
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "db" || c.Port != 5433 || c.Username != "u" || c.Password.reveal() != "p" || c.SSL == nil || !*c.SSL || c.MasterARN != "m" {
		t.Fatalf("parsed %+v", *c)
	}
	c, err = parseCreds(arca.Value(`{"host":"db","username":"u","password":""}`), 3306)
	if err != nil || c.Port != 3306 || c.SSL != nil {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	for name, v := range map[string]string{
		"not_json":       `{"password":"s3cr3t-value`,
		"no_password":    `{"host":"db","username":"u"}`,
		"number_user":    `{"host":"db","username":5,"password":"s3cr3t-value"}`,
		"port_range":     `{"host":"db","username":"u","password":"s3cr3t-value","port":70000}`,
		"empty_host":     `{"host":"","username":"u","password":"s3cr3t-value"}`,
		"password_array": `{"host":"db","username":"u","password":["s3cr3t-value"]}`,
		"bad_sslmode":    `{"host":"db","username":"u","password":"s3cr3t-value","sslmode":"on"}`,
	} {
		_, err := parseCreds(arca.Value(v), 1)
		if arca.ErrorCode(err) != arca.EInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error quotes the value: %v", name, err)
		}
	}
}

func TestWithPassword(t *testing.T) {
	v, err := withPassword(arca.Value(`{"host":"db","username":"u","password":"old","proxy":{"a":1}}`), "u_clone", arca.Value(`n<e>w"&\`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseCreds(v, 1)
	if err != nil || c.Username != "u_clone" || c.Password.reveal() != `n<e>w"&\` {
		t.Fatalf("%v, %v", c, err)
	}
	if !strings.Contains(v.Reveal(), `"proxy":{"a":1}`) || !strings.Contains(v.Reveal(), "<e>") {
		t.Fatalf("value %s", v.Reveal())
	}
}

func TestSecret_NeverPrints(t *testing.T) {
	c := creds{Host: "h", Username: "u", Password: "hunter2"}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "pw", c.Password, "creds", c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v %#v %s %q %v", c, c, c.Password, c.Password, &c), b.String()} {
		if strings.Contains(s, "hunter2") {
			t.Fatalf("password printed: %s", s)
		}
	}
}

func TestScrub(t *testing.T) {
	pw := secret(`p'w\d`)
	cases := map[string]error{
		"redis_modifier": errors.New(`ERR Error in ACL SETUSER modifier '>p'w\d': Syntax error`),
		"sql_quoted":     errors.New(`near 'p''w\\d' at line 1`),
		"backslash":      errors.New(`near 'p\'w\\d' at line 1`),
		"mysql_syntax":   &mysql.MySQLError{Number: 1064, SQLState: [5]byte{'4', '2', '0', '0', '0'}, Message: "near 'zzz' at line 1"},
		"pg_syntax":      &pgconn.PgError{Code: "42601", Message: `syntax error at or near "zzz"`},
	}
	for name, err := range cases {
		got := scrub(err, pw).Error()
		if strings.Contains(got, "p'w") || strings.Contains(got, "zzz") || strings.Contains(got, "p''w") {
			t.Errorf("%s: %s", name, got)
		}
		var my *mysql.MySQLError
		if errors.As(scrub(err, pw), &my) {
			t.Errorf("%s: the scrubbed error unwraps to the driver error", name)
		}
	}
	if scrub(nil) != nil {
		t.Error("scrub(nil) != nil")
	}
}

func TestScramVerifier(t *testing.T) {
	v, err := scramVerifier("pencil", 4096)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '$' || r == ':' })
	if len(parts) != 5 || parts[0] != "SCRAM-SHA-256" || parts[1] != "4096" || len(parts[2]) != 24 || len(parts[3]) != 44 || len(parts[4]) != 44 {
		t.Fatalf("verifier shape: %s", v)
	}
	w, _ := scramVerifier("pencil", 4096)
	if v == w {
		t.Fatal("two verifiers share a salt")
	}
}

func TestKeepPrevious(t *testing.T) {
	for tags, want := range map[string]bool{"": true, "true": true, "false": false, "0": false} {
		m := map[string]string{}
		if tags != "" {
			m[TagRedisKeepPrevious] = tags
		}
		if got, err := keepPrevious(m); err != nil || got != want {
			t.Errorf("%q: %v %v", tags, got, err)
		}
	}
	if _, err := keepPrevious(map[string]string{TagRedisKeepPrevious: "maybe"}); arca.ErrorCode(err) != arca.EInvalid {
		t.Errorf("bad tag: %v", err)
	}
}
