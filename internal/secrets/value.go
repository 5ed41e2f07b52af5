package secrets

import (
	"context"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// GetValue reads one version of a secret with its value: the version
// versionID, or the one labelled stage, or AWSCURRENT when both are "".
// When both are given they must name the same version. This is the read
// that every dialect (and the SSM /aws/reference/secretsmanager/ passthrough)
// uses.
//
// Errors: ENotFound (no such secret), EVersionNotFound (no such version or
// label, or the version has no value yet), EConflict (scheduled for
// deletion; or versionID and stage disagree), EDecrypt.
func (s *Service) GetValue(ctx context.Context, id, versionID, stage string) (*SecretValue, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	ctx = withVersionKeys(ctx, versionID, stage)
	var out *SecretValue
	err = s.store.View(ctx, func(tx storage.Tx) error {
		// value only reads the record: a shared, cached one will do.
		r, err := s.resolveRead(ctx, tx, c, id)
		if err != nil {
			return err
		}
		out, err = s.value(ctx, tx, r, versionID, stage)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// value reads a version of r; see GetValue.
func (s *Service) value(ctx context.Context, tx storage.Tx, r *record, versionID, stage string) (*SecretValue, error) {
	if !r.Deleted.IsZero() {
		return nil, markedForDeletion()
	}
	v, err := r.pick(versionID, stage)
	if err != nil {
		return nil, err
	}
	content, err := s.open(ctx, tx, r, v)
	if err != nil {
		return nil, err
	}
	return &SecretValue{
		ARN: r.ARN, Name: r.Name, VersionID: v.ID, Stages: slices.Clone(v.Stages),
		Created: v.Created, Content: content,
	}, nil
}

// pick finds the version that a read names. Errors: EVersionNotFound,
// EConflict.
func (r *record) pick(versionID, stage string) (*version, error) {
	var v *version
	switch {
	case versionID != "":
		if v = r.find(versionID); v == nil || v.Kind == "" {
			return nil, arca.Errorf(arca.EVersionNotFound, "Secrets Manager can't find the specified secret value for VersionId: %s", versionID)
		}
		if stage != "" && !slices.Contains(v.Stages, stage) {
			return nil, arca.Errorf(arca.EConflict, "You provided a VersionStage that is not associated to the provided VersionId.")
		}
	default:
		if stage == "" {
			stage = StageCurrent
		}
		if v = r.owner(stage); v == nil || v.Kind == "" {
			return nil, arca.Errorf(arca.EVersionNotFound, "Secrets Manager can't find the specified secret value for staging label: %s", stage)
		}
	}
	return v, nil
}
