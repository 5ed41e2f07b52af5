package secrets

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// authorize asks whether the caller may perform action on resource, a
// resource without a policy of its own ("*", or a secret being created).
func (s *Service) authorize(ctx context.Context, action, resource string) error {
	return arca.Authorize(ctx, s.az, arca.Access{Action: action, Resource: resource})
}

// authorizeRecord asks whether the caller may perform action on r: its
// full ARN (with the suffix), with its resource policy.
func (s *Service) authorizeRecord(ctx context.Context, r *record, action string) error {
	if s.az == nil {
		return nil
	}
	a := arca.Access{Action: action, Resource: r.ARN}
	if r.Policy != "" {
		a.ResourcePolicy = []byte(r.Policy)
	}
	return s.az.Authorize(ctx, a)
}

// resolve finds the secret that id names (see lookup) and authorizes the
// request's action on it. For a secret that does not exist, a refusal of
// the action on the ARN the id spells wins over ENotFound, as in AWS.
// Errors: ENotFound, EDenied.
func (s *Service) resolve(ctx context.Context, tx storage.Tx, c *arca.Caller, id string) (*record, error) {
	return s.resolveAs(ctx, tx, c, id, c.Action)
}

// resolveAs is resolve for another action than the request's own.
func (s *Service) resolveAs(ctx context.Context, tx storage.Tx, c *arca.Caller, id, action string) (*record, error) {
	r, err := lookup(tx, c, id)
	if err != nil {
		if arca.ErrorCode(err) == arca.ENotFound && s.az != nil {
			res := id
			if _, ok := arca.ParseARN(id); !ok {
				res = arca.ARN("secretsmanager", c.Region, c.Account, "secret:"+id, false)
			}
			if aerr := s.authorize(ctx, action, res); aerr != nil {
				return nil, aerr
			}
		}
		return nil, err
	}
	if err := s.authorizeRecord(ctx, r, action); err != nil {
		return nil, err
	}
	return r, nil
}

// kmsOpen opens a value envelope; a request (a caller in ctx) needs
// kms:Decrypt on its key. The service's own jobs (rotation, replication,
// with no caller) open without asking.
func (s *Service) kmsOpen(ctx context.Context, tx storage.Tx, region string, env, aad []byte) (arca.Value, error) {
	if arca.CallerFrom(ctx) == nil {
		return s.kms.OpenTx(tx, region, env, aad)
	}
	return s.kms.OpenTxFor(ctx, tx, region, env, aad)
}
