package awssts

import (
	"log/slog"
	"time"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// Config holds what the STS dialect needs besides the identity core.
type Config struct {
	// Issuers are the OIDC issuers whose tokens AssumeRoleWithWebIdentity
	// accepts; none means it refuses every token.
	Issuers []Issuer
	// Now is the clock for token expiry; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// New returns the STS dialect over the identity core.
func New(id *identity.Service, cfg Config) *awsquery.Service {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	h := &handler{id: id, oidc: newVerifier(cfg.Issuers, now)}
	return &awsquery.Service{
		SigningName: "sts",
		Namespace:   "https://sts.amazonaws.com/doc/2011-06-15/",
		Version:     "2011-06-15",
		Errors:      mapError,
		Log:         cfg.Log,
		Ops: map[string]awsquery.Op{
			"GetCallerIdentity":         awsquery.Handler(h.getCallerIdentity),
			"AssumeRole":                awsquery.Handler(h.assumeRole),
			"GetSessionToken":           awsquery.Handler(h.getSessionToken),
			"AssumeRoleWithWebIdentity": awsquery.Handler(h.assumeRoleWithWebIdentity),
		},
	}
}

// Unsigned reports whether an STS action is called without a signature
// (the web identity token is the credential), as AWS's clients send it.
func Unsigned(action string) bool { return action == "AssumeRoleWithWebIdentity" }

type handler struct {
	id   *identity.Service
	oidc *verifier
}
