package params

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Label attaches labels to a version (0 = the latest), moving each label
// from whichever version had it. Labels that break the label rules are not
// applied and come back in invalid. Errors: ENotFound, EVersionNotFound,
// ELabelLimit when the version would carry more than 10 labels.
func (s *Service) Label(ctx context.Context, name string, version int64, labels []string) (applied int64, invalid []string, err error) {
	c, err := caller(ctx)
	if err != nil {
		return 0, nil, err
	}
	if err := s.authorizeName(ctx, c, name); err != nil {
		return 0, nil, err
	}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		invalid = nil
		r, err := findRecord(tx, c.Region, name)
		if err != nil {
			return err
		}
		v := version
		if v == 0 {
			v = r.Version
		}
		if v < r.Oldest || v > r.Version {
			return arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find version %d of %s. Verify the version and try again.", v, name)
		}
		if r.Labels == nil {
			r.Labels = map[string]int64{}
		}
		for _, l := range labels {
			if !ValidLabel(l) {
				invalid = append(invalid, l)
				continue
			}
			r.Labels[l] = v
		}
		if n := len(r.labelsOf(v)); n > MaxLabelsPerVer {
			return arca.Errorf(arca.ELabelLimit, "A parameter version can have a maximum of %d labels. Move one or more labels to another version and try again.", MaxLabelsPerVer)
		}
		applied = v
		return putRecord(tx, c.Region, r)
	})
	if err != nil {
		return 0, nil, err
	}
	return applied, invalid, nil
}

// Unlabel removes labels from a version. Labels not on that version come
// back in invalid. Errors: ENotFound, EVersionNotFound.
func (s *Service) Unlabel(ctx context.Context, name string, version int64, labels []string) (removed, invalid []string, err error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := s.authorizeName(ctx, c, name); err != nil {
		return nil, nil, err
	}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		removed, invalid = nil, nil
		r, err := findRecord(tx, c.Region, name)
		if err != nil {
			return err
		}
		if version < r.Oldest || version > r.Version {
			return arca.Errorf(arca.EVersionNotFound, "Systems Manager could not find version %d of %s. Verify the version and try again.", version, name)
		}
		for _, l := range labels {
			if lv, ok := r.Labels[l]; ok && lv == version {
				delete(r.Labels, l)
				removed = append(removed, l)
			} else {
				invalid = append(invalid, l)
			}
		}
		return putRecord(tx, c.Region, r)
	})
	if err != nil {
		return nil, nil, err
	}
	return removed, invalid, nil
}
