package secrets

import (
	"slices"

	"github.com/arca-vault/arca"
)

// Staging labels. Each label is attached to at most one version of a
// secret. Moving AWSCURRENT from one version to another moves AWSPREVIOUS
// to the version it left, as AWS does; a version without labels is
// deprecated and may be pruned.

// owner returns the version that carries label, or nil.
func (r *record) owner(label string) *version {
	for _, v := range r.Versions {
		if slices.Contains(v.Stages, label) {
			return v
		}
	}
	return nil
}

// detach removes label from whichever version carries it.
func (r *record) detach(label string) {
	for _, v := range r.Versions {
		if i := slices.Index(v.Stages, label); i >= 0 {
			v.Stages = slices.Delete(v.Stages, i, i+1)
		}
	}
}

// attach puts label on v, taking it off any other version. AWSCURRENT moves
// AWSPREVIOUS to the version it leaves.
func (r *record) attach(v *version, label string) {
	if slices.Contains(v.Stages, label) {
		return
	}
	if label == StageCurrent {
		if prev := r.owner(StageCurrent); prev != nil {
			r.detach(StagePrevious)
			prev.Stages = append(prev.Stages, StagePrevious)
		}
	}
	r.detach(label)
	v.Stages = append(v.Stages, label)
}

// stageCount is the number of labels attached across all versions.
func (r *record) stageCount() int {
	n := 0
	for _, v := range r.Versions {
		n += len(v.Stages)
	}
	return n
}

// checkStageCount enforces MaxStages. Errors: ELabelLimit.
func (r *record) checkStageCount() error {
	if r.stageCount() > MaxStages {
		return arca.Errorf(arca.ELabelLimit, "You have exceeded the maximum of %d staging labels attached to the versions of a secret.", MaxStages)
	}
	return nil
}

// stageMap returns version id -> labels for the labelled versions.
func (r *record) stageMap() map[string][]string {
	m := map[string][]string{}
	for _, v := range r.Versions {
		if len(v.Stages) > 0 {
			m[v.ID] = slices.Clone(v.Stages)
		}
	}
	return m
}

// rotating reports whether a rotation is in progress: AWSPENDING sits on a
// version that is not AWSCURRENT.
func (r *record) rotating() bool {
	p := r.owner(StagePending)
	return p != nil && p != r.owner(StageCurrent)
}

// CheckStages validates a list of staging labels: 1 to 20 of them, each 1 to
// 256 characters, no duplicates. Errors: EInvalid.
func CheckStages(stages []string) error {
	if len(stages) == 0 || len(stages) > MaxStages {
		return arca.Errorf(arca.EInvalid, "A version can carry 1 to %d staging labels.", MaxStages)
	}
	seen := map[string]bool{}
	for _, s := range stages {
		if s == "" || len(s) > 256 {
			return arca.Errorf(arca.EInvalid, "A staging label must be 1 to 256 characters long.")
		}
		if seen[s] {
			return arca.Errorf(arca.EInvalid, "The staging label %s appears more than once in the request.", s)
		}
		seen[s] = true
	}
	return nil
}
