package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awssts"
)

// Config is the server's configuration. The zero value plus a Dev flag or a
// DataDir is a working server.
type Config struct {
	Listen         string // host:port; default 127.0.0.1:4566
	TLSCert        string // PEM certificate file; with TLSKey, serve HTTPS
	TLSKey         string
	InsecureListen bool // allow a non-loopback listener without TLS

	Dev         bool   // dev mode: root credentials test/test, memory store unless DataDir
	DataDir     string // the embedded store and the root key file
	Storage     string // "" (embedded) or a postgres:// URL
	RootKeyFile string // default DataDir/root.key

	Account string // 12 digits; default 000000000000
	Region  string // default region for requests without one; default us-east-1

	// OIDCIssuers are the identity providers whose tokens STS
	// AssumeRoleWithWebIdentity accepts (issuer URL, JWKS file or URL,
	// audiences); none by default.
	OIDCIssuers []awssts.Issuer

	Audit AuditConfig // the audit log and its alerts

	// RotationFunctions is a JSON file of external rotation functions
	// (see internal/rotation/external); "" = only the built-in ones.
	RotationFunctions string
	// NodeID names this server among the servers that share a store, for
	// the leases of the rotations it runs; default hostname/listen address.
	NodeID string

	ShutdownTimeout time.Duration // default 15s
	Log             *slog.Logger  // default: discard
	Now             func() time.Time
}

func (c *Config) setDefaults() {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:4566"
	}
	if c.Account == "" {
		c.Account = "000000000000"
	}
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.Audit.setDefaults()
	if c.RootKeyFile == "" && c.DataDir != "" {
		c.RootKeyFile = c.DataDir + "/root.key"
	}
}

// Validate reports a configuration that cannot work, with a message that
// says what to change.
func (c *Config) Validate() error {
	if len(c.Account) != 12 || !digits(c.Account) {
		return fmt.Errorf("account id %q must be 12 digits", c.Account)
	}
	if !arca.ValidRegion(c.Region) {
		return fmt.Errorf("region %q is not a valid region name (e.g. us-east-1)", c.Region)
	}
	if err := c.Audit.validate(c.Dev); err != nil {
		return err
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key must be given together")
	}
	if !c.Dev && c.DataDir == "" && c.Storage == "" {
		return fmt.Errorf("give --data-dir DIR for a persistent store, --storage postgres://... for PostgreSQL, or --dev for a throwaway in-memory server")
	}
	if c.Storage != "" && c.RootKeyFile == "" && !c.Dev {
		return fmt.Errorf("--storage needs the root key: give --root-key-file FILE (the same file on every node) or --data-dir DIR")
	}
	if c.TLSCert == "" && !c.InsecureListen {
		host, _, err := net.SplitHostPort(c.Listen)
		if err != nil {
			return fmt.Errorf("listen address %q: %w", c.Listen, err)
		}
		if !loopback(host) {
			return fmt.Errorf("refusing to listen on %s without TLS: give --tls-cert and --tls-key, or --insecure-listen to accept plaintext beyond loopback", c.Listen)
		}
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
