package params

import (
	"context"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
)

// Service is the parameter store.
type Service struct {
	store storage.Store
	kms   *kms.Service
	now   func() time.Time
	refs  SecretSource
	az    arca.Authorizer
	cache cache // decoded records for read paths (see cache.go)
}

// Config holds what a Service needs.
type Config struct {
	Store storage.Store
	KMS   *kms.Service
	Now   func() time.Time // nil = time.Now
	// Secrets serves the /aws/reference/secretsmanager/ names; nil
	// answers them ParameterNotFound.
	Secrets SecretSource
	// Authorizer decides every request: its action on the parameter's ARN
	// (the path's ARN for GetParametersByPath, "*" for
	// DescribeParameters), and kms:Decrypt / kms:Encrypt on the key of a
	// SecureString; nil allows everything.
	Authorizer arca.Authorizer
}

// New returns a Service.
func New(c Config) *Service {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	return &Service{store: c.Store, kms: c.KMS, now: now, refs: c.Secrets, az: c.Authorizer}
}

// caller returns the request's caller; the core refuses anonymous requests.
func caller(ctx context.Context) (*arca.Caller, error) {
	c := arca.CallerFrom(ctx)
	if c == nil || c.Region == "" {
		return nil, arca.Errorf(arca.EUnauthenticated, "request has no authenticated caller")
	}
	return c, nil
}
