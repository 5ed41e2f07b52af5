package secrets

import (
	"context"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// save writes r and brings each of its replicas in line with it in the same
// transaction. fresh holds the plaintext of the versions this change
// created, so that they are sealed for the replicas without being opened
// again. Errors: the seal and open errors of a replica's versions (the whole
// change then fails: a replica never falls silently behind).
func (s *Service) save(tx storage.Tx, r *record, fresh map[string]Content) error {
	if err := putRecord(tx, r); err != nil {
		return err
	}
	for _, rs := range r.Replicas {
		if rs.Status != ReplicaInSync {
			continue
		}
		if err := s.syncReplica(tx, r, rs, fresh); err != nil {
			return err
		}
	}
	return nil
}

// replicaARN is the primary's ARN with the replica's region.
func replicaARN(p *record, region string) string {
	a, _ := arca.ParseARN(p.ARN)
	return arca.ARN(a.Service, region, a.Account, a.Resource, false)
}

// syncReplica makes the replica of p in rs.Region a copy of p: metadata,
// versions and labels; each value sealed under the replica's own key and
// bound to the replica's ARN.
func (s *Service) syncReplica(tx storage.Tx, p *record, rs ReplicaStatus, fresh map[string]Content) error {
	arn := replicaARN(p, rs.Region)
	rr, err := getRecord(tx, rs.Region, p.Name)
	switch {
	case arca.ErrorCode(err) == arca.ENotFound:
		rr = &record{Region: rs.Region, Name: p.Name, ARN: arn}
	case err != nil:
		return err
	case rr.ARN != arn:
		return arca.Errorf(arca.EConflict, "Region %s holds another secret named %s; remove the replica and replicate again.", rs.Region, p.Name)
	}
	rr.Primary, rr.KeyID = p.Region, rs.KeyID
	rr.Description, rr.Type, rr.Policy = p.Description, p.Type, p.Policy
	rr.Tags = slices.Clone(p.Tags)
	rr.Rotation = p.Rotation
	rr.Created, rr.Changed = p.Created, p.Changed
	old := map[string]*version{}
	for _, v := range rr.Versions {
		old[v.ID] = v
	}
	versions := make([]*version, 0, len(p.Versions))
	for _, pv := range p.Versions {
		rv := old[pv.ID]
		delete(old, pv.ID)
		if rv == nil || rv.Kind != pv.Kind {
			rv = &version{ID: pv.ID, Created: pv.Created}
			if pv.Kind != "" {
				if err := s.copyValue(tx, p, pv, rr, rv, fresh); err != nil {
					return err
				}
			}
		}
		rv.Stages = slices.Clone(pv.Stages)
		versions = append(versions, rv)
	}
	for id := range old {
		if err := tx.Delete(valueKey(rr.Region, rr.Name, id)); err != nil {
			return arca.Internal(err)
		}
	}
	rr.Versions = versions
	return putRecord(tx, rr)
}

// copyValue seals the value of version pv of p as version rv of replica rr.
func (s *Service) copyValue(tx storage.Tx, p *record, pv *version, rr *record, rv *version, fresh map[string]Content) error {
	c, ok := fresh[pv.ID]
	if !ok {
		var err error
		// Replication is the service's own act (no caller in the context).
		if c, err = s.open(context.Background(), tx, p, pv); err != nil {
			return err
		}
		defer c.Data.Zero()
	}
	if err := s.seal(context.Background(), tx, rr, rv, c); err != nil {
		if e, ok := err.(*arca.Error); ok {
			return &arca.Error{Code: e.Code, Message: "Replica in " + rr.Region + ": " + e.Message, Err: e.Err}
		}
		return err
	}
	return nil
}
