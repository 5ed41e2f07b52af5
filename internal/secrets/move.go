package secrets

import (
	"context"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// MoveStageInput moves or removes one staging label.
type MoveStageInput struct {
	ID         string
	Stage      string
	MoveTo     string // the version to attach Stage to; "" = only remove
	RemoveFrom string // the version that carries Stage now; required when it is on another version than MoveTo
}

// MoveStage attaches a staging label to a version, removes it from one, or
// both, under AWS's rules: a label already on another version than MoveTo
// must be named in RemoveFrom; RemoveFrom must carry the label; moving
// AWSCURRENT moves AWSPREVIOUS to the version it left; AWSCURRENT can only
// be moved, never just removed. A version left without labels is
// deprecated.
//
// Errors: EInvalid (the rules above, unknown versions), ENotFound,
// EConflict (scheduled for deletion, or a replica), ELabelLimit.
func (s *Service) MoveStage(ctx context.Context, in MoveStageInput) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := CheckStages([]string{in.Stage}); err != nil {
		return nil, err
	}
	if in.MoveTo == "" && in.RemoveFrom == "" {
		return nil, arca.Errorf(arca.EInvalid, "You must specify MoveToVersionId, RemoveFromVersionId or both.")
	}
	var ref *Ref
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, in.ID)
		if err != nil {
			return err
		}
		ref = &Ref{ARN: r.ARN, Name: r.Name}
		rotating := r.rotating()
		if err := moveStage(r, in); err != nil {
			return err
		}
		// AWSCURRENT moved onto the pending version: a rotation function's
		// finishSecret, which completes the rotation (LastRotatedDate, the
		// next date).
		if p := r.owner(StagePending); rotating && in.Stage == StageCurrent && p != nil && p == r.owner(StageCurrent) {
			s.finish(r, p)
		}
		if err := r.checkStageCount(); err != nil {
			return err
		}
		r.Changed = s.clock()
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

func moveStage(r *record, in MoveStageInput) error {
	holder := r.owner(in.Stage)
	var from, to *version
	if in.RemoveFrom != "" {
		if from = r.find(in.RemoveFrom); from == nil {
			return arca.Errorf(arca.EInvalid, "Not a valid version: %s", in.RemoveFrom)
		}
		if !slices.Contains(from.Stages, in.Stage) {
			return arca.Errorf(arca.EInvalid, "Version stage %s not found in version %s", in.Stage, in.RemoveFrom)
		}
	}
	if in.MoveTo == "" {
		if in.Stage == StageCurrent {
			return arca.Errorf(arca.EInvalid, "You can't remove the staging label AWSCURRENT from a version without moving it to another version: name the version in MoveToVersionId.")
		}
		r.detach(in.Stage)
		return nil
	}
	if to = r.find(in.MoveTo); to == nil {
		return arca.Errorf(arca.EInvalid, "Not a valid version: %s", in.MoveTo)
	}
	if holder != nil && holder != to && from != holder {
		return arca.Errorf(arca.EInvalid, "The parameter RemoveFromVersionId can't be empty. Staging label %s is currently attached to version %s, so you must explicitly reference that version in RemoveFromVersionId.", in.Stage, holder.ID)
	}
	if in.Stage == StageCurrent && to.Kind == "" {
		return arca.Errorf(arca.EInvalid, "The version %s has no value yet, so it can't become AWSCURRENT.", in.MoveTo)
	}
	r.attach(to, in.Stage)
	return nil
}
