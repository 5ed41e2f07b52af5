package secrets

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// CreateInput is a request to create a secret.
type CreateInput struct {
	Name        string
	Token       string // ClientRequestToken: the first version's id; "" = a new UUID
	Description string
	KeyID       string   // "" = alias/aws/secretsmanager
	Value       *Content // nil: a secret without a version yet
	Tags        []Tag
	Type        string
	Replicas    []ReplicaTarget
	// ForceOverwriteReplicas replaces a secret of the same name in a
	// replica region.
	ForceOverwriteReplicas bool
}

// Create creates a secret, with a first version labelled AWSCURRENT when a
// value is given, and its replicas when asked for. Retrying a create with
// the same ClientRequestToken and the same value answers as the first call
// did and changes nothing.
//
// Errors: EInvalid (name, value, token, tags, replica regions), ETagLimit,
// EExists (the name is taken; or the token names a version with another
// value), EConflict (a secret of that name is scheduled for deletion),
// EKeyInvalid, EKeyDisabled.
func (s *Service) Create(ctx context.Context, in CreateInput) (*WriteResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := ValidateName(in.Name); err != nil {
		return nil, err
	}
	if err := checkToken(in.Token); err != nil {
		return nil, err
	}
	if in.Value != nil {
		if err := checkContent(*in.Value); err != nil {
			return nil, err
		}
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if err := checkTargets(c, in.Replicas); err != nil {
		return nil, err
	}
	// The new secret's ARN is known before the transaction, so that the
	// caller is authorized on it (as AWS does) before anything is written.
	suffix, err := newSuffix()
	if err != nil {
		return nil, err
	}
	ctx = withRequestTags(ctx, in.Tags)
	if err := s.authorizeNamed(ctx, c.Action, ARN(c.Region, c.Account, in.Name, suffix), in.Name); err != nil {
		return nil, err
	}
	var res *WriteResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		old, err := getRecord(tx, c.Region, in.Name)
		if err == nil {
			if err := s.authorizeRecord(ctx, old, c.Action); err != nil {
				return err
			}
			res, err = s.retriedCreate(ctx, tx, old, in)
			return err
		}
		if arca.ErrorCode(err) != arca.ENotFound {
			return err
		}
		now := s.clock()
		r := &record{
			Region: c.Region, ARN: ARN(c.Region, c.Account, in.Name, suffix), Name: in.Name,
			Description: in.Description, KeyID: in.KeyID, Type: in.Type, Tags: in.Tags, Token: in.Token,
			Created: now, Changed: now,
		}
		res = &WriteResult{ARN: r.ARN, Name: r.Name}
		fresh := map[string]Content{}
		if in.Value != nil {
			v, _, err := s.putVersion(ctx, tx, r, in.Token, *in.Value, nil)
			if err != nil {
				return err
			}
			res.VersionID = v.ID
			fresh[v.ID] = *in.Value
		}
		if len(in.Replicas) > 0 {
			if err := s.addReplicas(tx, r, in.Replicas, in.ForceOverwriteReplicas); err != nil {
				return err
			}
			res.Replicas = append([]ReplicaStatus(nil), r.Replicas...)
		}
		return s.save(tx, r, fresh)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// retriedCreate answers a create of a name that exists: a retry (same token,
// same value) gets the first answer; anything else is refused.
func (s *Service) retriedCreate(ctx context.Context, tx storage.Tx, r *record, in CreateInput) (*WriteResult, error) {
	if !r.Deleted.IsZero() {
		return nil, arca.Errorf(arca.EConflict, "You can't create this secret because a secret with this name is already scheduled for deletion.")
	}
	if in.Token != "" && !r.isReplica() {
		if in.Value == nil && r.Token == in.Token {
			return &WriteResult{ARN: r.ARN, Name: r.Name}, nil
		}
		if v := r.find(in.Token); v != nil && v.Kind != "" && in.Value != nil {
			old, err := s.open(ctx, tx, r, v)
			if err != nil {
				return nil, err
			}
			defer old.Data.Zero()
			if !sameContent(old, *in.Value) {
				return nil, arca.Errorf(arca.EExists, "You can't use ClientRequestToken %s because that value is already in use for a version of secret %s.", in.Token, r.ARN)
			}
			return &WriteResult{ARN: r.ARN, Name: r.Name, VersionID: v.ID}, nil
		}
	}
	return nil, arca.Errorf(arca.EExists, "The operation failed because the secret %s already exists.", in.Name)
}
