package secrets

import (
	"context"
	"crypto/subtle"
	"errors"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/google/uuid"
)

// valueAAD binds a sealed value to its region, the secret's ARN (unique to
// this secret: the suffix is random) and the version id.
func valueAAD(region, arn, id string) []byte {
	return keyring.AAD("secretsmanager-secret", region, arn, id)
}

// checkContent validates a value. Errors: EInvalid.
func checkContent(c Content) error {
	if len(c.Data) > MaxValueSize {
		return arca.Errorf(arca.EInvalid, "The secret value must be at most %d bytes; this one is %d.", MaxValueSize, len(c.Data))
	}
	return nil
}

// checkToken validates a ClientRequestToken ("" = generate one). Errors:
// EInvalid.
func checkToken(t string) error {
	if t != "" && (len(t) < 32 || len(t) > 64) {
		return arca.Errorf(arca.EInvalid, "ClientRequestToken must be 32-64 characters long.")
	}
	return nil
}

func keyRef(r *record) string {
	if r.KeyID == "" {
		return DefaultKeyAlias
	}
	return r.KeyID
}

// seal seals c as the value of version v of r and stores it. Errors:
// EKeyInvalid, EKeyDisabled (from kms).
func (s *Service) seal(ctx context.Context, tx storage.Tx, r *record, v *version, c Content) error {
	seal := s.kms.SealTx
	if arca.CallerFrom(ctx) != nil {
		// A request's write needs kms:GenerateDataKey on the key.
		seal = func(tx storage.Tx, region, ref string, pt, aad []byte) ([]byte, *kms.Key, error) {
			return s.kms.SealTxFor(serviceContext(ctx, r, v), tx, region, ref, pt, aad, "kms:GenerateDataKey")
		}
	}
	env, key, err := seal(tx, r.Region, keyRef(r), c.Data, valueAAD(r.Region, r.ARN, v.ID))
	if err != nil {
		return err
	}
	v.KeyARN = key.ARN()
	v.Kind = kindString
	if c.Binary {
		v.Kind = kindBinary
	}
	if err := tx.Put(valueKey(r.Region, r.Name, v.ID), env); err != nil {
		return arca.Internal(err)
	}
	return nil
}

// open reads and opens the value of version v of r. Any failure to open is
// EDecrypt: a missing, disabled or wrong key, or a record that does not
// belong here.
func (s *Service) open(ctx context.Context, tx storage.Tx, r *record, v *version) (Content, error) {
	// Opened at once into a new buffer; nothing keeps the envelope.
	env, err := storage.Peek(tx, valueKey(r.Region, r.Name, v.ID))
	if errors.Is(err, storage.ErrNotFound) {
		return Content{}, arca.Errorf(arca.EDecrypt, "Secrets Manager can't decrypt the protected secret text: the stored value is missing.")
	}
	if err != nil {
		return Content{}, arca.Internal(err)
	}
	data, err := s.kmsOpen(serviceContext(ctx, r, v), tx, r.Region, env, valueAAD(r.Region, r.ARN, v.ID))
	if err != nil {
		if code := arca.ErrorCode(err); code == arca.EInternal || code == arca.EDenied || code == arca.EUnauthenticated {
			return Content{}, err
		}
		return Content{}, &arca.Error{Code: arca.EDecrypt, Message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.", Err: err}
	}
	return Content{Data: data, Binary: v.Kind == kindBinary}, nil
}

// sameContent compares two values in constant time.
func sameContent(a, b Content) bool {
	return a.Binary == b.Binary && subtle.ConstantTimeCompare(a.Data, b.Data) == 1
}

// putVersion adds c to r as version token (a new UUID when ""), with the
// labels stages (nil = AWSCURRENT). The first version of a secret always
// gets AWSCURRENT. A token that names a version with the same value is a
// retry: nothing changes and created is false. A token that names a version
// still without a value (a pending rotation) fills it.
//
// Errors: EExists (the token names a version with another value), ELimit,
// ELabelLimit, EDecrypt (comparing with a stored value), and the seal errors.
func (s *Service) putVersion(ctx context.Context, tx storage.Tx, r *record, token string, c Content, stages []string) (v *version, created bool, err error) {
	if token == "" {
		token = uuid.NewString()
	}
	if v = r.find(token); v != nil && v.Kind != "" {
		old, err := s.open(ctx, tx, r, v)
		if err != nil {
			return nil, false, err
		}
		defer old.Data.Zero()
		if sameContent(old, c) {
			return v, false, nil
		}
		return nil, false, arca.Errorf(arca.EExists, "You can't modify an existing version, you can only create a new version.")
	}
	now := s.clock()
	if v == nil {
		if err := s.makeRoom(tx, r); err != nil {
			return nil, false, err
		}
		v = &version{ID: token, Created: now}
		r.Versions = append(r.Versions, v)
	}
	if err := s.seal(ctx, tx, r, v, c); err != nil {
		return nil, false, err
	}
	if stages == nil {
		stages = []string{StageCurrent}
	}
	for _, st := range stages {
		r.attach(v, st)
	}
	if r.owner(StageCurrent) == nil {
		r.attach(v, StageCurrent)
	}
	if err := r.checkStageCount(); err != nil {
		return nil, false, err
	}
	r.Changed = now
	return v, true, nil
}

// makeRoom prunes deprecated versions (no labels, older than PruneAge),
// oldest first, while more than KeepVersions are kept, and refuses a new
// version when MaxVersions would be exceeded. Errors: ELimit.
func (s *Service) makeRoom(tx storage.Tx, r *record) error {
	if err := s.prune(tx, r); err != nil {
		return err
	}
	if len(r.Versions) >= MaxVersions {
		return arca.Errorf(arca.ELimit, "The secret %s already has %d versions, the most arca keeps; versions without staging labels are removed once they are 24 hours old.", r.Name, MaxVersions)
	}
	return nil
}

// prune drops deprecated versions beyond KeepVersions (see makeRoom).
func (s *Service) prune(tx storage.Tx, r *record) error {
	now := s.now()
	for len(r.Versions) >= KeepVersions {
		i := slices.IndexFunc(r.Versions, func(v *version) bool {
			return len(v.Stages) == 0 && now.Sub(v.Created) >= PruneAge
		})
		if i < 0 {
			return nil
		}
		if err := tx.Delete(valueKey(r.Region, r.Name, r.Versions[i].ID)); err != nil {
			return arca.Internal(err)
		}
		r.Versions = slices.Delete(r.Versions, i, i+1)
	}
	return nil
}
