package secrets

import (
	"context"
	"slices"

	"github.com/arca-vault/arca/internal/storage"
)

// PutInput is a request to add a version to a secret.
type PutInput struct {
	ID     string // name, ARN or partial ARN
	Token  string // ClientRequestToken: the version's id; "" = a new UUID
	Value  Content
	Stages []string // labels for the new version; nil = AWSCURRENT
}

// PutValue adds a version to a secret. Without Stages the new version
// becomes AWSCURRENT and the version that was current becomes AWSPREVIOUS;
// with Stages, each label moves to the new version (AWSCURRENT moving
// AWSPREVIOUS along), and a secret's first version is always AWSCURRENT. The
// same token with the same value is a retry that changes nothing and
// answers with the version's labels; the same token with another value is
// refused. Versions without labels are pruned beyond 100, once 24 hours
// old.
//
// Errors: EInvalid (value, token, stages), ENotFound, EConflict (scheduled
// for deletion, or a replica), EExists (token reused with another value),
// ELimit, ELabelLimit, EDecrypt, EKeyInvalid, EKeyDisabled.
func (s *Service) PutValue(ctx context.Context, in PutInput) (*WriteResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkContent(in.Value); err != nil {
		return nil, err
	}
	if err := checkToken(in.Token); err != nil {
		return nil, err
	}
	if in.Stages != nil {
		if err := CheckStages(in.Stages); err != nil {
			return nil, err
		}
	}
	var res *WriteResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, in.ID)
		if err != nil {
			return err
		}
		v, created, err := s.putVersion(ctx, tx, r, in.Token, in.Value, in.Stages)
		if err != nil {
			return err
		}
		res = &WriteResult{ARN: r.ARN, Name: r.Name, VersionID: v.ID, Stages: slices.Clone(v.Stages)}
		if !created {
			return nil
		}
		// A manual change of AWSCURRENT counts as a rotation for
		// AutomaticallyAfterDays, as AWS counts it.
		if rot := &r.Rotation; rot.Enabled && rot.Rules != nil && rot.Rules.AfterDays > 0 && slices.Contains(v.Stages, StageCurrent) {
			rot.Last = s.clock()
			s.schedule(r)
		}
		return s.save(tx, r, map[string]Content{v.ID: in.Value})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
