package secrets

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// UpdateInput is a request to change a secret's metadata and, optionally,
// add a version. Nil fields are left as they are.
type UpdateInput struct {
	ID          string
	Token       string
	Description *string
	KeyID       *string // "" = back to alias/aws/secretsmanager
	Type        *string
	Value       *Content
}

// Update changes a secret's description, type and KMS key, and with a value
// adds a version that becomes AWSCURRENT (as PutValue without stages). A new
// key re-seals the versions labelled AWSCURRENT, AWSPREVIOUS and AWSPENDING
// under it, as AWS does; other versions stay readable under their old key.
//
// Errors: EInvalid, ENotFound, EConflict (scheduled for deletion, or a
// replica), EPrecondition (a new key while a rotation is in progress), EExists
// (token reused with another value), ELimit, ELabelLimit, EDecrypt,
// EKeyInvalid, EKeyDisabled.
func (s *Service) Update(ctx context.Context, in UpdateInput) (*WriteResult, error) {
	c, err := caller(ctx)
	if err != nil {
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
	var res *WriteResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, in.ID)
		if err != nil {
			return err
		}
		res = &WriteResult{ARN: r.ARN, Name: r.Name}
		changed := false
		if in.Description != nil && *in.Description != r.Description {
			r.Description, changed = *in.Description, true
		}
		if in.Type != nil && *in.Type != r.Type {
			r.Type, changed = *in.Type, true
		}
		if in.KeyID != nil && *in.KeyID != r.KeyID {
			if err := s.rekey(ctx, tx, r, *in.KeyID); err != nil {
				return err
			}
			changed = true
		}
		fresh := map[string]Content{}
		if in.Value != nil {
			v, created, err := s.putVersion(ctx, tx, r, in.Token, *in.Value, nil)
			if err != nil {
				return err
			}
			res.VersionID = v.ID
			if created {
				fresh[v.ID], changed = *in.Value, true
			}
		}
		if !changed {
			return nil
		}
		r.Changed = s.clock()
		return s.save(tx, r, fresh)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// rekey makes key the secret's key and re-seals its rotation-stage versions
// under it.
func (s *Service) rekey(ctx context.Context, tx storage.Tx, r *record, key string) error {
	if r.rotating() {
		return arca.Errorf(arca.EPrecondition, "You can't change the KMS key of %s while a rotation is in progress: complete or cancel the rotation first.", r.Name)
	}
	type opened struct {
		v *version
		c Content
	}
	var todo []opened
	defer func() {
		for _, o := range todo {
			o.c.Data.Zero()
		}
	}()
	for _, label := range []string{StageCurrent, StagePrevious, StagePending} {
		v := r.owner(label)
		if v == nil || v.Kind == "" {
			continue
		}
		c, err := s.open(ctx, tx, r, v)
		if err != nil {
			return err
		}
		todo = append(todo, opened{v, c})
	}
	r.KeyID = key
	for _, o := range todo {
		if err := s.seal(ctx, tx, r, o.v, o.c); err != nil {
			return err
		}
	}
	return nil
}
