package params

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Delete removes a parameter and all its versions. Errors: ENotFound.
func (s *Service) Delete(ctx context.Context, name string) error {
	c, err := caller(ctx)
	if err != nil {
		return err
	}
	if err := s.authorizeName(ctx, c, name); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		return deleteTx(tx, c.Region, name)
	})
}

// DeleteMany removes several parameters in one transaction; the names that
// do not exist come back in invalid.
func (s *Service) DeleteMany(ctx context.Context, names []string) (deleted, invalid []string, err error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if err := s.authorizeName(ctx, c, n); err != nil {
			return nil, nil, err
		}
	}
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		deleted, invalid = nil, nil
		for _, n := range names {
			err := deleteTx(tx, c.Region, n)
			switch arca.ErrorCode(err) {
			case "":
				deleted = append(deleted, n)
			case arca.ENotFound:
				invalid = append(invalid, n)
			default:
				return err
			}
		}
		return nil
	})
	return deleted, invalid, err
}

func deleteTx(tx storage.Tx, region, name string) error {
	r, err := findRecord(tx, region, name)
	if err != nil {
		return err
	}
	for v := r.Oldest; v <= r.Version; v++ {
		if err := tx.Delete(versionKey(region, r.Name, v)); err != nil {
			return arca.Internal(err)
		}
	}
	if err := tx.Delete(childKey(region, r.Name)); err != nil {
		return arca.Internal(err)
	}
	if err := tx.Delete(recordKey(region, r.Name)); err != nil {
		return arca.Internal(err)
	}
	return nil
}
