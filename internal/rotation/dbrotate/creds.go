package dbrotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
)

// secret is a password held as a string for the drivers; like arca.Value it
// never prints.
type secret string

func (secret) String() string                 { return "[redacted]" }
func (secret) GoString() string               { return "[redacted]" }
func (secret) Format(f fmt.State, _ rune)     { _, _ = f.Write([]byte("[redacted]")) }
func (secret) LogValue() slog.Value           { return slog.StringValue("[redacted]") }
func (s secret) reveal() string               { return string(s) }
func (secret) MarshalJSON() ([]byte, error)   { return []byte(`"[redacted]"`), nil }
func (secret) MarshalText() ([]byte, error)   { return []byte("[redacted]"), nil }
func (s secret) equal(o secret) bool          { return constantEqual(string(s), string(o)) }
func (s secret) empty() bool                  { return s == "" }
func (s secret) hasByte(b byte) bool          { return strings.IndexByte(string(s), b) >= 0 }
func (s secret) isPrintableASCII() bool       { return printableASCII(string(s)) }
func (s secret) scrubFrom(text string) string { return scrubText(text, string(s)) }

// creds are the connection fields of a database secret, in the JSON shape
// of AWS's rotation templates.
type creds struct {
	Engine    string
	Host      string
	Port      int
	Username  string
	Password  secret
	DBName    string
	MasterARN string
	SSL       *bool  // "ssl": true/false (or "true"/"false")
	SSLMode   string // PostgreSQL "sslmode"; wins over SSL
}

// addr is host:port for messages (never carries a password).
func (c *creds) addr() string {
	if strings.Contains(c.Host, ":") {
		return "[" + c.Host + "]:" + strconv.Itoa(c.Port)
	}
	return c.Host + ":" + strconv.Itoa(c.Port)
}

// sameServer reports whether c and o point at the same server.
func (c *creds) sameServer(o *creds) bool {
	return strings.EqualFold(c.Host, o.Host) && c.Port == o.Port
}

// parseCreds decodes a secret value. Its errors name the field only: a JSON
// syntax error message may quote a character of the value, so it is dropped.
func parseCreds(v arca.Value, defaultPort int) (*creds, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		return nil, arca.Errorf(arca.EInvalid, "secret value is not a JSON object")
	}
	c := &creds{Port: defaultPort}
	var err error
	str := func(key string, required bool) string {
		raw, ok := m[key]
		if err != nil {
			return ""
		}
		if !ok || string(raw) == "null" {
			if required {
				err = arca.Errorf(arca.EInvalid, "secret value has no %q field", key)
			}
			return ""
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			err = arca.Errorf(arca.EInvalid, "secret field %q is not a string", key)
		}
		return s
	}
	c.Engine = str("engine", false)
	c.Host = str("host", true)
	c.Username = str("username", true)
	c.Password = secret(str("password", true))
	c.DBName = str("dbname", false)
	c.MasterARN = str("masterarn", false)
	c.SSLMode = str("sslmode", false)
	if err != nil {
		return nil, err
	}
	switch c.SSLMode {
	case "", "disable", "allow", "prefer", "require", "verify-ca", "verify-full":
	default:
		return nil, arca.Errorf(arca.EInvalid, "secret field \"sslmode\" is not a PostgreSQL sslmode")
	}
	if c.Host == "" || c.Username == "" {
		return nil, arca.Errorf(arca.EInvalid, "secret fields \"host\" and \"username\" must not be empty")
	}
	if raw, ok := m["port"]; ok && string(raw) != "null" {
		p, perr := parsePort(raw)
		if perr != nil {
			return nil, perr
		}
		c.Port = p
	}
	if raw, ok := m["ssl"]; ok && string(raw) != "null" {
		b, berr := parseBool(raw)
		if berr != nil {
			return nil, berr
		}
		c.SSL = &b
	}
	return c, nil
}

// parsePort accepts 5432 and "5432", as AWS's templates do (int(port)).
func parsePort(raw json.RawMessage) (int, error) {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, arca.Errorf(arca.EInvalid, "secret field \"port\" is not a number")
		}
		n = json.Number(strings.TrimSpace(s))
	}
	p, err := strconv.Atoi(n.String())
	if err != nil || p < 1 || p > 65535 {
		return 0, arca.Errorf(arca.EInvalid, "secret field \"port\" is not a port number")
	}
	return p, nil
}

// parseBool accepts true and "true" (AWS's templates accept both).
func parseBool(raw json.RawMessage) (bool, error) {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if v, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
			return v, nil
		}
	}
	return false, arca.Errorf(arca.EInvalid, "secret field \"ssl\" is not a boolean")
}

// withPassword returns v with "password" (and "username" when username is
// not "") replaced, keeping every other field as it was, so that extra
// fields of the secret (dbClusterIdentifier, proxy settings…) survive.
func withPassword(v arca.Value, username string, password arca.Value) (arca.Value, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		return nil, arca.Errorf(arca.EInvalid, "secret value is not a JSON object")
	}
	enc := func(s string) (json.RawMessage, error) {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		if err := e.Encode(s); err != nil {
			return nil, arca.Errorf(arca.EInternal, "encode secret value")
		}
		return bytes.TrimRight(b.Bytes(), "\n"), nil
	}
	pw, err := enc(password.Reveal())
	if err != nil {
		return nil, err
	}
	m["password"] = pw
	if username != "" {
		u, err := enc(username)
		if err != nil {
			return nil, err
		}
		m["username"] = u
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(m); err != nil {
		return nil, arca.Errorf(arca.EInternal, "encode secret value")
	}
	return arca.Value(bytes.TrimRight(b.Bytes(), "\n")), nil
}

// cloneSuffix is what AWS's alternating-users templates append.
const cloneSuffix = "_clone"

// altUsername flips between name and name_clone, as AWS's multi-user
// templates do; max is the engine's user name limit in bytes.
func altUsername(name string, max int) (string, error) {
	if base, ok := strings.CutSuffix(name, cloneSuffix); ok && base != "" {
		return base, nil
	}
	alt := name + cloneSuffix
	if len(alt) > max {
		return "", arca.Errorf(arca.EInvalid, "user name %q with %q appended would exceed %d characters", name, cloneSuffix, max)
	}
	return alt, nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
