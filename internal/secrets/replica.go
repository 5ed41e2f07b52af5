package secrets

import (
	"context"
	"slices"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// Replication. A region is a namespace of the same server, so a replica is
// a real secret in another region: a read-only copy with the primary's name
// and ARN suffix, its values sealed under a key of its own region. Every
// change of the primary rewrites its replicas in the same transaction (see
// save), so a replica is never behind.

// ReplicationResult reports a primary's replicas after a change.
type ReplicationResult struct {
	ARN      string
	Replicas []ReplicaStatus
}

// checkTargets validates replica regions. Errors: EInvalid.
func checkTargets(c *arca.Caller, ts []ReplicaTarget) error {
	seen := map[string]bool{}
	for _, t := range ts {
		if !arca.ValidRegion(t.Region) || t.Region == c.Region || arca.Partition(t.Region) != arca.Partition(c.Region) {
			return arca.Errorf(arca.EInvalid, "Invalid replica region: %s.", t.Region)
		}
		if seen[t.Region] {
			return arca.Errorf(arca.EInvalid, "The region %s appears more than once in the request.", t.Region)
		}
		seen[t.Region] = true
	}
	return nil
}

// Replicate creates replicas of a primary secret in other regions. A region
// that already holds a replica of this secret gets it afresh (with the key
// now named). A region where another secret has the name is reported Failed,
// unless force replaces that secret (not when it takes part in another
// replication).
//
// Errors: EInvalid (regions), ENotFound, EConflict (scheduled for deletion,
// or a replica), and the seal errors of a replica's key (the whole request
// then fails).
func (s *Service) Replicate(ctx context.Context, id string, targets []ReplicaTarget, force bool) (*ReplicationResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, arca.Errorf(arca.EInvalid, "Name at least one region to replicate to.")
	}
	if err := checkTargets(c, targets); err != nil {
		return nil, err
	}
	var res *ReplicationResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		if err := s.addReplicas(tx, r, targets, force); err != nil {
			return err
		}
		r.Changed = s.clock()
		res = &ReplicationResult{ARN: r.ARN, Replicas: slices.Clone(r.Replicas)}
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// addReplicas records the targets in r.Replicas and clears their regions;
// save then writes the replicas.
func (s *Service) addReplicas(tx storage.Tx, r *record, targets []ReplicaTarget, force bool) error {
	for _, t := range targets {
		st := ReplicaStatus{Region: t.Region, KeyID: t.KeyID, Status: ReplicaInSync, Message: "Replication succeeded"}
		if st.KeyID == "" {
			st.KeyID = DefaultKeyAlias
		}
		old, err := getRecord(tx, t.Region, r.Name)
		switch {
		case arca.ErrorCode(err) == arca.ENotFound:
		case err != nil:
			return err
		case old.ARN == replicaARN(r, t.Region) || (force && !old.isReplica() && len(old.Replicas) == 0):
			if err := dropRecord(tx, old); err != nil {
				return err
			}
		case force:
			st.Status, st.Message = ReplicaFailed, "The secret with this name in this region takes part in another replication and can't be overwritten"
		default:
			st.Status, st.Message = ReplicaFailed, "Secret with this name already exists in this region"
		}
		r.Replicas = slices.DeleteFunc(r.Replicas, func(x ReplicaStatus) bool { return x.Region == t.Region })
		r.Replicas = append(r.Replicas, st)
	}
	return nil
}

// RemoveReplicas deletes the replicas of a primary in the given regions, at
// once, and reports the replicas left. Errors: EInvalid (a region without a
// replica), ENotFound, EConflict (scheduled for deletion, or a replica).
func (s *Service) RemoveReplicas(ctx context.Context, id string, regions []string) (*ReplicationResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var res *ReplicationResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		for _, region := range regions {
			i := slices.IndexFunc(r.Replicas, func(x ReplicaStatus) bool { return x.Region == region })
			if i < 0 {
				return arca.Errorf(arca.EInvalid, "The secret %s has no replica in region %s.", r.Name, region)
			}
			r.Replicas = slices.Delete(r.Replicas, i, i+1)
			rr, err := getRecord(tx, region, r.Name)
			if arca.ErrorCode(err) == arca.ENotFound {
				continue
			}
			if err != nil {
				return err
			}
			if rr.ARN == replicaARN(r, region) {
				if err := dropRecord(tx, rr); err != nil {
					return err
				}
			}
		}
		r.Changed = s.clock()
		res = &ReplicationResult{ARN: r.ARN, Replicas: slices.Clone(r.Replicas)}
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// StopReplication promotes the replica that id names in the caller's region
// to a standalone secret (its ARN stays) and takes it off its primary's
// list. Errors: ENotFound, EConflict (not a replica).
func (s *Service) StopReplication(ctx context.Context, id string) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var ref *Ref
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.resolve(ctx, tx, c, id)
		if err != nil {
			return err
		}
		if !r.isReplica() {
			return arca.Errorf(arca.EConflict, "The secret %s is not a replica: call StopReplicationToReplica in the region of a replica.", r.Name)
		}
		p, err := getRecord(tx, r.Primary, r.Name)
		switch {
		case arca.ErrorCode(err) == arca.ENotFound:
		case err != nil:
			return err
		case replicaARN(p, r.Region) == r.ARN:
			p.Replicas = slices.DeleteFunc(p.Replicas, func(x ReplicaStatus) bool { return x.Region == r.Region })
			p.Changed = s.clock()
			if err := s.save(tx, p, nil); err != nil {
				return err
			}
		}
		r.Primary = ""
		r.Changed = s.clock()
		ref = &Ref{ARN: r.ARN, Name: r.Name}
		return putRecord(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}
