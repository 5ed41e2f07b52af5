package kms

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// action returns the IAM action of the request in ctx ("kms:Decrypt").
func action(ctx context.Context) string {
	if c := arca.CallerFrom(ctx); c != nil {
		return c.Action
	}
	return ""
}

// authorizeKey asks the Authorizer whether the caller may perform act
// ("" = the request's own action) on k: the key's ARN with its key policy,
// or, for an AWS-managed key, its default policy (Managed). Errors: EDenied,
// and those of the Authorizer.
func (s *Service) authorizeKey(ctx context.Context, tx storage.Tx, k *Key, act string) error {
	if s.az == nil {
		return nil
	}
	if act == "" {
		act = action(ctx)
	}
	a := arca.Access{Action: act, Resource: k.ARN(), ResourceAccount: k.Account}
	if k.Manager == ManagerAWS {
		a.Managed = true
	} else {
		doc, err := s.policyOf(tx, k)
		if err != nil {
			return err
		}
		a.ResourcePolicy = []byte(doc)
	}
	return s.az.Authorize(ctx, a)
}

// authorize asks about the request's action on a resource that has no
// policy of its own: "*" (CreateKey, ListKeys, ListAliases) or an alias ARN.
func (s *Service) authorize(ctx context.Context, resource string) error {
	return arca.Authorize(ctx, s.az, arca.Access{Action: action(ctx), Resource: resource})
}

// SealTxFor is SealTx for a request: it first asks whether the caller may
// perform act (kms:Encrypt for the parameter store, kms:GenerateDataKey for
// Secrets Manager) on the key, as AWS does when a service encrypts on a
// caller's behalf. Errors: those of SealTx, EDenied.
func (s *Service) SealTxFor(ctx context.Context, tx storage.Tx, region, ref string, plaintext, aad []byte, act string) ([]byte, *Key, error) {
	k, err := s.ResolveTx(tx, region, ref)
	if err != nil {
		return nil, nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, act); err != nil {
		return nil, nil, err
	}
	return s.SealTx(tx, region, ref, plaintext, aad)
}

// OpenTxFor is OpenTx for a request: it first asks whether the caller may
// perform kms:Decrypt on the envelope's key. Errors: those of OpenTx,
// EDenied.
func (s *Service) OpenTxFor(ctx context.Context, tx storage.Tx, region string, envelope, aad []byte) (arca.Value, error) {
	k, n, err := s.keyOf(tx, region, envelope)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, "kms:Decrypt"); err != nil {
		return nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, err
	}
	return s.open(k, n, envelope, aad)
}
