package secrets

import (
	"context"
	"log/slog"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
)

// Service is the secret store.
type Service struct {
	store   storage.Store
	kms     *kms.Service
	now     func() time.Time
	log     *slog.Logger
	rotator Rotator
	az      arca.Authorizer
	reads   decoded.Cache[record] // records decoded for GetSecretValue (resolveRead)
}

// Config holds what a Service needs.
type Config struct {
	Store storage.Store
	KMS   *kms.Service
	Now   func() time.Time // nil = time.Now
	Log   *slog.Logger     // nil = discard; the purger reports failures here
	// Rotator runs rotation functions other than the built-in one; nil
	// leaves their AWSPENDING versions for a later runner (see Rotator).
	Rotator Rotator
	// Authorizer decides every request: its action on the secret's ARN
	// with the secret's resource policy ("*" for ListSecrets and
	// GetRandomPassword), kms:Decrypt on the key of a value read and
	// kms:GenerateDataKey on a customer key for a write; nil allows
	// everything.
	Authorizer arca.Authorizer
}

// New returns a Service.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: c.Store, kms: c.KMS, now: now, log: log, rotator: c.Rotator, az: c.Authorizer}
}

// caller returns the request's caller; the core refuses anonymous requests.
func caller(ctx context.Context) (*arca.Caller, error) {
	c := arca.CallerFrom(ctx)
	if c == nil || c.Region == "" {
		return nil, arca.Errorf(arca.EUnauthenticated, "request has no authenticated caller")
	}
	return c, nil
}

// clock returns the current time in UTC, truncated to milliseconds (the
// precision the wire carries), so that a time read back equals the one
// written.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }
