package secrets

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// MaxPolicySize is the longest resource policy, in characters.
const MaxPolicySize = 20480

// PolicyResult is a secret's resource policy ("" when it has none).
type PolicyResult struct {
	ARN, Name, Policy string
}

// PutPolicy attaches a resource policy to a secret, replacing any other.
// The document is checked by the policy engine's parser (see parsePolicy); with
// blockPublic, a policy that lets any principal in without a condition is
// refused. The stored policy is evaluated with the caller's identity
// policies on every request (see authorize.go).
//
// Errors: EBadPolicy, EPublicPolicy, ENotFound, EConflict (scheduled for
// deletion, or a replica).
func (s *Service) PutPolicy(ctx context.Context, id, doc string, blockPublic bool) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	pol, err := parsePolicy(doc)
	if err != nil {
		return nil, err
	}
	if blockPublic && public(pol) {
		return nil, arca.Errorf(arca.EPublicPolicy, "This resource policy will grant public access to the secret. Remove the statement that allows every principal without a condition, or don't block public policies.")
	}
	return s.setPolicy(ctx, c, id, doc)
}

// DeletePolicy removes a secret's resource policy; a secret without one is
// left as it is. Errors: ENotFound, EConflict (scheduled for deletion, or a
// replica).
func (s *Service) DeletePolicy(ctx context.Context, id string) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	return s.setPolicy(ctx, c, id, "")
}

func (s *Service) setPolicy(ctx context.Context, c *arca.Caller, id, doc string) (*Ref, error) {
	var ref *Ref
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		ref = &Ref{ARN: r.ARN, Name: r.Name}
		if r.Policy == doc {
			return nil
		}
		r.Policy = doc
		r.Changed = s.clock()
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

// GetPolicy returns a secret's resource policy. Errors: ENotFound.
func (s *Service) GetPolicy(ctx context.Context, id string) (*PolicyResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var out *PolicyResult
	err = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := s.resolve(ctx, tx, c, id)
		if err != nil {
			return err
		}
		out = &PolicyResult{ARN: r.ARN, Name: r.Name, Policy: r.Policy}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ValidatePolicy checks a resource policy without storing it and returns
// its findings (none: it passed). With id, the secret must exist. Errors:
// EBadPolicy (not a policy document at all), ENotFound.
func (s *Service) ValidatePolicy(ctx context.Context, id, doc string) ([]PolicyProblem, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		if err := s.authorize(ctx, c.Action, "*"); err != nil {
			return nil, err
		}
	} else {
		err := s.store.View(ctx, func(tx storage.Tx) error {
			_, err := s.resolve(ctx, tx, c, id)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	pol, err := parsePolicy(doc)
	if err != nil {
		return nil, err
	}
	var out []PolicyProblem
	if public(pol) {
		out = append(out, PolicyProblem{Check: CheckPublicAccess, Message: "The policy allows every principal without a condition: the secret would be public."})
	}
	return out, nil
}
