package dbrotate

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// postgresEngine rotates PostgreSQL roles with pgx.
type postgresEngine struct {
	connectTimeout time.Duration
}

func (*postgresEngine) kind() string           { return "postgres" }
func (*postgresEngine) defaultPort() int       { return 5432 }
func (*postgresEngine) maxUsername(*creds) int { return 63 } // NAMEDATALEN-1
func (*postgresEngine) engines() []string {
	return []string{"postgres", "postgresql", "aurora-postgresql"}
}

// pgSSLMode is the JSON's "sslmode" (checked by parseCreds), else
// "verify-full" for "ssl": true, "disable" for "ssl": false, and "prefer"
// (TLS when the server offers it, as AWS's templates and libpq do) when
// neither is given.
func pgSSLMode(c *creds) string {
	switch {
	case c.SSLMode != "":
		return c.SSLMode
	case c.SSL == nil:
		return "prefer"
	case *c.SSL:
		return "verify-full"
	}
	return "disable"
}

// conninfoValue quotes a keyword/value connection string value. The
// password is never put in the string: it goes into the config struct.
func conninfoValue(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

func (e *postgresEngine) login(ctx context.Context, c *creds) (session, error) {
	mode := pgSSLMode(c)
	db := c.DBName
	if db == "" {
		db = "postgres"
	}
	secs := max(1, int(e.connectTimeout/time.Second))
	cfg, err := pgx.ParseConfig("host=" + conninfoValue(c.Host) + " port=" + strconv.Itoa(c.Port) +
		" dbname=" + conninfoValue(db) + " user=" + conninfoValue(c.Username) +
		" sslmode=" + mode + " connect_timeout=" + strconv.Itoa(secs))
	if err != nil {
		return nil, scrub(err, c.Password)
	}
	// Set after parsing so that no connection string, and so no parse
	// error, ever holds the password (and PGPASSWORD/.pgpass never win).
	cfg.Password = c.Password.reveal()
	cfg.RuntimeParams["application_name"] = "arca-rotation"
	cctx, cancel := context.WithTimeout(ctx, e.connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, cfg)
	if err != nil {
		return nil, scrub(err, c.Password)
	}
	return &pgSession{conn: conn}, nil
}

// pgSession is one pgx connection.
type pgSession struct {
	conn *pgx.Conn
}

func (s *pgSession) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.conn.Close(ctx)
}

func (s *pgSession) ping(ctx context.Context) error {
	var one int
	return scrub(s.conn.QueryRow(ctx, "SELECT 1").Scan(&one))
}

func (s *pgSession) setOwnPassword(ctx context.Context, user string, pw secret) error {
	lit, err := s.passwordLiteral(ctx, pw)
	if err != nil {
		return err
	}
	_, err = s.conn.Exec(ctx, "ALTER ROLE "+pgx.Identifier{user}.Sanitize()+" WITH PASSWORD "+lit)
	return scrub(err, pw)
}

// setUserPassword creates user as a member of model (so it holds model's
// privileges, as AWS's multi-user template does with GRANT model TO user)
// or, when it exists, changes its password.
func (s *pgSession) setUserPassword(ctx context.Context, model, user string, pw secret) error {
	lit, err := s.passwordLiteral(ctx, pw)
	if err != nil {
		return err
	}
	var exists bool
	if err := s.conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", user).Scan(&exists); err != nil {
		return scrub(err)
	}
	if !exists {
		_, err := s.conn.Exec(ctx, "CREATE ROLE "+pgx.Identifier{user}.Sanitize()+" WITH LOGIN PASSWORD "+lit+
			" IN ROLE "+pgx.Identifier{model}.Sanitize())
		var pgErr *pgconn.PgError
		if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "42710" { // 42710: created meanwhile
			return scrub(err, pw)
		}
	}
	_, err = s.conn.Exec(ctx, "ALTER ROLE "+pgx.Identifier{user}.Sanitize()+" WITH PASSWORD "+lit)
	return scrub(err, pw)
}

// passwordLiteral returns the SQL literal to put after PASSWORD. When the
// server stores SCRAM-SHA-256 verifiers, it is a verifier computed here, as
// psql's \password does: the clear password then never reaches the server,
// its statement log or pg_stat_statements. Otherwise (md5 servers, or a
// password that SASLprep could change) it is the escaped password.
func (s *pgSession) passwordLiteral(ctx context.Context, pw secret) (string, error) {
	if pw.hasByte(0) {
		return "", arca.Errorf(arca.EInvalid, "a PostgreSQL password cannot contain a NUL byte")
	}
	var enc string
	var iters *string
	err := s.conn.QueryRow(ctx, "SELECT current_setting('password_encryption'), current_setting('scram_iterations', true)").Scan(&enc, &iters)
	if err != nil {
		return "", scrub(err)
	}
	if enc != "scram-sha-256" || !pw.isPrintableASCII() {
		return pgLiteral(pw.reveal()), nil
	}
	n := scramDefaultIterations
	if iters != nil {
		if v, err := strconv.Atoi(*iters); err == nil && v > 0 {
			n = v
		}
	}
	v, err := scramVerifier(pw.reveal(), n)
	if err != nil {
		return "", err
	}
	return pgLiteral(v), nil
}

// pgLiteral quotes s as a string literal that means s whatever
// standard_conforming_strings says: quotes doubled, and with backslashes
// present, an E” literal with them doubled (as lib/pq's QuoteLiteral).
func pgLiteral(s string) string {
	q := strings.ReplaceAll(s, "'", "''")
	if strings.Contains(s, `\`) {
		return "E'" + strings.ReplaceAll(q, `\`, `\\`) + "'"
	}
	return "'" + q + "'"
}
