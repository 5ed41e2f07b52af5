package dbrotate

import (
	"context"
	"crypto/tls"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// mysqlEngine rotates MariaDB and MySQL users with go-sql-driver/mysql.
type mysqlEngine struct {
	connectTimeout time.Duration
	stmtTimeout    time.Duration
	log            *slog.Logger
}

func (*mysqlEngine) kind() string     { return "mysql" }
func (*mysqlEngine) defaultPort() int { return 3306 }
func (*mysqlEngine) engines() []string {
	return []string{"mysql", "mariadb", "aurora", "aurora-mysql"}
}

// maxUsername is MySQL's 32 characters (since 5.7.8), MariaDB's 80 when the
// secret says "engine": "mariadb".
func (*mysqlEngine) maxUsername(c *creds) int {
	if c.Engine == "mariadb" {
		return 80
	}
	return 32
}

// driverLog forwards the driver's rare diagnostics to slog.
type driverLog struct{ log *slog.Logger }

func (d driverLog) Print(v ...any) { d.log.Warn("mysql driver: " + fmt.Sprint(v...)) }

func (e *mysqlEngine) login(ctx context.Context, c *creds) (session, error) {
	cfg := mysql.NewConfig()
	cfg.User = c.Username
	cfg.Passwd = c.Password.reveal()
	cfg.Net = "tcp"
	cfg.Addr = net.JoinHostPort(c.Host, strconv.Itoa(c.Port))
	cfg.DBName = c.DBName
	cfg.Timeout = e.connectTimeout
	cfg.ReadTimeout = e.stmtTimeout
	cfg.WriteTimeout = e.stmtTimeout
	// Passwords go into statements that MariaDB cannot prepare (ALTER USER
	// … IDENTIFIED BY ? is a syntax error there), so the driver quotes them
	// client side; it honours NO_BACKSLASH_ESCAPES.
	cfg.InterpolateParams = true
	cfg.Logger = driverLog{e.log}
	switch {
	case c.SSL == nil:
		cfg.TLSConfig = "preferred" // TLS when offered, as AWS's templates try it first
	case *c.SSL:
		cfg.TLS = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, scrub(err, c.Password)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	cctx, cancel := context.WithTimeout(ctx, e.connectTimeout)
	defer cancel()
	conn, err := db.Conn(cctx)
	if err != nil {
		_ = db.Close()
		return nil, scrub(err, c.Password)
	}
	s := &mysqlSession{db: db, conn: conn}
	var version string
	if err := conn.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		s.close()
		return nil, scrub(err, c.Password)
	}
	s.mariadb = strings.Contains(strings.ToLower(version), "mariadb")
	return s, nil
}

// mysqlSession is one connection.
type mysqlSession struct {
	db      *sql.DB
	conn    *sql.Conn
	mariadb bool
}

func (s *mysqlSession) close() {
	_ = s.conn.Close()
	_ = s.db.Close()
}

func (s *mysqlSession) ping(ctx context.Context) error {
	var one int
	return scrub(s.conn.QueryRowContext(ctx, "SELECT 1").Scan(&one))
}

// setOwnPassword uses the statement each server lets a user without the
// CREATE USER privilege run on itself.
func (s *mysqlSession) setOwnPassword(ctx context.Context, _ string, pw secret) error {
	stmt := "ALTER USER CURRENT_USER() IDENTIFIED BY ?"
	if s.mariadb {
		stmt = "SET PASSWORD = PASSWORD(?)"
	}
	_, err := s.conn.ExecContext(ctx, stmt, pw.reveal())
	return scrub(err, pw)
}

// setUserPassword gives user, for every host model has an account on, an
// account with model's grants (SHOW GRANTS replayed, as AWS's multi-user
// template does on every rotation) and then the password.
func (s *mysqlSession) setUserPassword(ctx context.Context, model, user string, pw secret) error {
	hosts, err := s.hosts(ctx, model)
	if err != nil {
		return err
	}
	if len(hosts) == 0 {
		return fmt.Errorf("user %q has no account", model)
	}
	for _, host := range hosts {
		acct := mysqlAccount(user, host)
		if _, err := s.conn.ExecContext(ctx, "CREATE USER IF NOT EXISTS "+acct+" IDENTIFIED BY ?", pw.reveal()); err != nil {
			return scrub(err, pw)
		}
		grants, err := s.grants(ctx, model, host)
		if err != nil {
			return err
		}
		for _, g := range grants {
			stmt, ok := cloneGrant(g, model, user, host)
			if !ok {
				continue
			}
			if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("copy a grant of %q to %q: %w", model, user, scrub(err, pw))
			}
		}
		// Last, because a replayed MariaDB grant may carry model's hash.
		if _, err := s.conn.ExecContext(ctx, "ALTER USER "+acct+" IDENTIFIED BY ?", pw.reveal()); err != nil {
			return scrub(err, pw)
		}
	}
	return nil
}

func (s *mysqlSession) hosts(ctx context.Context, user string) ([]string, error) {
	rows, err := s.conn.QueryContext(ctx, "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host", user)
	if err != nil {
		return nil, scrub(err)
	}
	defer rows.Close()
	var hosts []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, scrub(err)
		}
		hosts = append(hosts, h)
	}
	return hosts, scrub(rows.Err())
}

func (s *mysqlSession) grants(ctx context.Context, user, host string) ([]string, error) {
	rows, err := s.conn.QueryContext(ctx, "SHOW GRANTS FOR "+mysqlAccount(user, host))
	if err != nil {
		return nil, scrub(err)
	}
	defer rows.Close()
	var grants []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, scrub(err)
		}
		grants = append(grants, g)
	}
	return grants, scrub(rows.Err())
}

// mysqlIdent quotes a name with backticks, which needs no backslash
// escaping whatever the sql_mode.
func mysqlIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// mysqlAccount is `user`@`host`.
func mysqlAccount(user, host string) string { return mysqlIdent(user) + "@" + mysqlIdent(host) }

// cloneGrant rewrites one line of SHOW GRANTS FOR model@host so that it
// grants the same to user@host. What follows the grantee is dropped except
// WITH GRANT/ADMIN OPTION: MariaDB appends IDENTIFIED BY PASSWORD '<model's
// hash>' to the USAGE line, and TLS requirements and resource limits are
// account attributes, not grants (as in AWS's template). ok is false for a
// line that names no grantee it knows.
func cloneGrant(line, model, user, host string) (stmt string, ok bool) {
	// MySQL 8 and MariaDB print `u`@`h`; MySQL 5.7 prints 'u'@'h'.
	grantees := []string{
		mysqlAccount(model, host),
		"'" + strings.ReplaceAll(model, "'", `\'`) + "'@'" + strings.ReplaceAll(host, "'", `\'`) + "'",
	}
	target := mysqlAccount(user, host)
	for _, g := range grantees {
		switch {
		case strings.HasPrefix(line, "GRANT "):
			i := strings.LastIndex(line, " TO "+g)
			if i < 0 {
				continue
			}
			rest := line[i+len(" TO "+g):]
			stmt = line[:i] + " TO " + target
			for _, opt := range []string{" WITH GRANT OPTION", " WITH ADMIN OPTION"} {
				if strings.Contains(rest, opt) {
					stmt += opt
				}
			}
			return stmt, true
		case strings.HasPrefix(line, "SET DEFAULT ROLE ") && strings.HasSuffix(line, " FOR "+g):
			return strings.TrimSuffix(line, g) + target, true
		}
	}
	return "", false
}
