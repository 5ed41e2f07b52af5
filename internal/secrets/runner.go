package secrets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/google/uuid"
)

// What the rotation runner (package rotation) needs of the core: the due
// index, the claim that makes one node the runner of a rotation, and the
// record of its progress. These calls are the service's own acts, made by
// no request's caller, so they are not authorized; the functions the runner
// drives act through RotationService.
//
// A claim is a lease kept in the secret's record (Holder, LeaseUntil),
// taken and renewed in storage Update transactions, which every engine
// serialises (on PostgreSQL too, so no advisory lock is needed): exactly one
// node holds a rotation until it finishes, fails, releases it or lets the
// lease lapse. While a lease runs, the due index holds the secret at the
// lease's end, so an idle node wakes when a crashed holder's lease lapses.

// Backoff bounds of a failed rotation's retries: 1 minute, doubling up to
// 1 hour.
const (
	RetryFirst = time.Minute
	RetryMax   = time.Hour
)

// RetryDelay returns how long the runner waits after the n-th failed
// attempt (n >= 1) of a rotation.
func RetryDelay(n int) time.Duration {
	d := RetryFirst
	for i := 1; i < n && d < RetryMax; i++ {
		d *= 2
	}
	return min(d, RetryMax)
}

// DueRotation names a secret whose rotation falls due At.
type DueRotation struct {
	Region, Name string
	At           time.Time
}

// DueRotations lists, earliest first, up to limit secrets whose rotation
// (scheduled, or in progress and waiting for a runner) falls due by until,
// and when the first one after those falls due (zero: none is indexed; until
// when the limit cut the list short). It reads only the due index.
func (s *Service) DueRotations(ctx context.Context, until time.Time, limit int) (due []DueRotation, next time.Time, err error) {
	err = s.store.View(ctx, func(tx storage.Tx) error {
		due, next = nil, time.Time{}
		kvs, err := tx.List([]byte(duePrefix), nil, limit+1)
		if err != nil {
			return arca.Internal(err)
		}
		for _, kv := range kvs {
			d, ok := parseDueKey(kv.Key)
			if !ok {
				continue
			}
			if d.At.After(until) {
				next = d.At
				return nil
			}
			if len(due) == limit {
				next = until
				return nil
			}
			due = append(due, d)
		}
		return nil
	})
	return due, next, err
}

func parseDueKey(k []byte) (DueRotation, bool) {
	parts := bytes.SplitN(bytes.TrimPrefix(k, []byte(duePrefix)), []byte{0}, 3)
	if len(parts) != 3 {
		return DueRotation{}, false
	}
	n, err := strconv.ParseInt(string(parts[0]), 10, 64)
	if err != nil {
		return DueRotation{}, false
	}
	return DueRotation{Region: string(parts[1]), Name: string(parts[2]), At: time.Unix(0, n).UTC()}, true
}

// dueAt is when the scheduler must look at r: a rotation in progress at the
// end of its holder's lease, at its retry time, or at once; otherwise the
// start of the next rotation window. Zero: never (rotation off, deleted,
// a replica).
func dueAt(r *record) time.Time {
	rot := &r.Rotation
	if r.isReplica() || !r.Deleted.IsZero() || !rot.Enabled || rot.Lambda == "" {
		return time.Time{}
	}
	if r.rotating() {
		at := r.owner(StagePending).Created
		if rot.RetryAt.After(at) {
			at = rot.RetryAt
		}
		if rot.LeaseUntil.After(at) {
			at = rot.LeaseUntil
		}
		return at
	}
	return rot.Due
}

// indexDue moves r's entry in the due index to dueAt(r).
func indexDue(tx storage.Tx, r *record) error {
	at := dueAt(r)
	if at.Equal(r.Rotation.Indexed) {
		return nil
	}
	if !r.Rotation.Indexed.IsZero() {
		if err := tx.Delete(dueKey(r.Rotation.Indexed, r.Region, r.Name)); err != nil {
			return arca.Internal(err)
		}
	}
	if !at.IsZero() {
		if err := tx.Put(dueKey(at, r.Region, r.Name), nil); err != nil {
			return arca.Internal(err)
		}
	}
	r.Rotation.Indexed = at
	return nil
}

// ClaimRotation makes node the runner of the secret's due rotation for
// lease: it starts the rotation (a new AWSPENDING version, as RotateSecret
// makes) when none is in progress, and returns the job, with the step to
// resume after. It returns nil when there is nothing to run: not due,
// rotation off, or another node holds the lease. With resume, a rotation in
// progress whose lease node holds (from before a restart) is taken at once.
// Errors: ELimit (versions), storage errors.
func (s *Service) ClaimRotation(ctx context.Context, region, name, node string, lease time.Duration, resume bool) (*RotationJob, error) {
	var job *RotationJob
	err := s.store.Update(ctx, func(tx storage.Tx) error {
		job = nil
		now := s.clock()
		r, err := getRecord(tx, region, name)
		if arca.ErrorCode(err) == arca.ENotFound {
			return nil
		}
		if err != nil {
			return err
		}
		rot := &r.Rotation
		at := dueAt(r)
		mine := resume && rot.Holder == node && r.rotating()
		switch {
		case at.IsZero():
			return nil
		case rot.Holder != "" && rot.Holder != node && now.Before(rot.LeaseUntil):
			return nil
		case at.After(now) && !mine:
			return nil
		}
		if !r.rotating() {
			if err := s.makeRoom(tx, r); err != nil {
				return err
			}
			p := &version{ID: uuid.NewString(), Created: now}
			r.Versions = append(r.Versions, p)
			r.attach(p, StagePending)
			rot.Step, rot.Attempts, rot.RetryAt = "", 0, time.Time{}
		}
		rot.Holder, rot.LeaseUntil = node, now.Add(lease)
		p := r.owner(StagePending)
		job = &RotationJob{Region: r.Region, ARN: r.ARN, Name: r.Name, VersionID: p.ID, LambdaARN: rot.Lambda, Step: rot.Step, Attempts: rot.Attempts}
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return job, nil
}

// errLeaseLost is returned when node no longer runs the rotation.
func errLeaseLost(name string) error {
	return arca.Errorf(arca.EConflict, "This node no longer runs the rotation of %s: it finished, or another node took it over.", name)
}

// claimed runs fn on the record of a rotation that node runs, with token
// its AWSPENDING version; done reports that the rotation has finished
// (token is AWSCURRENT, AWSPENDING gone from it).
func (s *Service) claimed(ctx context.Context, job *RotationJob, node string, fn func(r *record) error) (done bool, err error) {
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		done = false
		r, err := getRecord(tx, job.Region, job.Name)
		if err != nil {
			return err
		}
		if r.ARN != job.ARN {
			return errLeaseLost(job.Name)
		}
		if !r.rotating() || r.owner(StagePending).ID != job.VersionID {
			if v := r.find(job.VersionID); v != nil && v == r.owner(StageCurrent) {
				done = true
				return nil
			}
			return errLeaseLost(job.Name)
		}
		if r.Rotation.Holder != node {
			return errLeaseLost(job.Name)
		}
		if err := fn(r); err != nil {
			return err
		}
		return s.save(tx, r, nil)
	})
	return done, err
}

// RecordStep records that step completed and renews node's lease. done
// reports that the rotation has finished (finishSecret moved AWSCURRENT).
// Errors: EConflict when node no longer runs the rotation.
func (s *Service) RecordStep(ctx context.Context, job *RotationJob, node, step string, lease time.Duration) (done bool, err error) {
	return s.claimed(ctx, job, node, func(r *record) error {
		r.Rotation.Step = step
		r.Rotation.LeaseUntil = s.clock().Add(lease)
		return nil
	})
}

// RenewRotation extends node's lease on a running rotation. Errors:
// EConflict when node no longer runs it.
func (s *Service) RenewRotation(ctx context.Context, job *RotationJob, node string, lease time.Duration) error {
	done, err := s.claimed(ctx, job, node, func(r *record) error {
		r.Rotation.LeaseUntil = s.clock().Add(lease)
		return nil
	})
	if err == nil && done {
		return errLeaseLost(job.Name)
	}
	return err
}

// RecordFailure records that step failed with message (free of secret
// values), gives up node's lease and schedules the retry after the
// backoff; the AWSPENDING version stays, so the retry resumes at the failed
// step. It returns the failure recorded.
func (s *Service) RecordFailure(ctx context.Context, job *RotationJob, node, step, message string) (*RotationFailure, error) {
	var f *RotationFailure
	_, err := s.claimed(ctx, job, node, func(r *record) error {
		now := s.clock()
		rot := &r.Rotation
		rot.Attempts++
		f = &RotationFailure{Step: step, Message: clip(message, 1024), At: now, Attempts: rot.Attempts}
		rot.Failure, rot.Result = f, ResultFailed
		rot.RetryAt = now.Add(RetryDelay(rot.Attempts))
		rot.Holder, rot.LeaseUntil = "", time.Time{}
		return nil
	})
	return f, err
}

// ReleaseRotation gives up node's lease without counting an attempt (the
// node is stopping), so that any node resumes the rotation at once.
func (s *Service) ReleaseRotation(ctx context.Context, job *RotationJob, node string) error {
	_, err := s.claimed(ctx, job, node, func(r *record) error {
		r.Rotation.Holder, r.Rotation.LeaseUntil = "", time.Time{}
		return nil
	})
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// clip shortens a message to at most n bytes, on a rune boundary.
func clip(m string, n int) string {
	if len(m) <= n {
		return m
	}
	for n > 0 && !utf8.RuneStart(m[n]) {
		n--
	}
	return m[:n] + "…"
}

func decodeRecord(raw []byte) (*record, error) {
	var r record
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode secret record: %w", err))
	}
	return &r, nil
}

// dueIndexedKey marks a store whose due index covers every secret.
const dueIndexedKey = "sm-due-indexed"

// IndexRotations puts into the due index, once per store, the secrets
// whose rotation was configured before arca kept the index (they would
// otherwise wait for their next write). Later calls read one key.
func (s *Service) IndexRotations(ctx context.Context) error {
	done := false
	if err := s.store.View(ctx, func(tx storage.Tx) error {
		_, err := tx.Get([]byte(dueIndexedKey))
		done = err == nil
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return arca.Internal(err)
		}
		return nil
	}); err != nil || done {
		return err
	}
	return s.store.Update(ctx, func(tx storage.Tx) error {
		var after []byte
		for {
			kvs, err := tx.List([]byte("sm/"), after, 256)
			if err != nil {
				return arca.Internal(err)
			}
			for _, kv := range kvs {
				region, rest, _ := bytes.Cut(kv.Key[len("sm/"):], []byte("/"))
				if !bytes.HasPrefix(rest, []byte("s/")) || !bytes.Contains(kv.Value, []byte(`"enabled":true`)) {
					continue
				}
				r, err := decodeRecord(kv.Value)
				if err != nil || string(region) != r.Region {
					continue
				}
				if !r.Rotation.Indexed.IsZero() {
					continue
				}
				if r.Rotation.Due.IsZero() {
					s.schedule(r)
				}
				if err := putRecord(tx, r); err != nil {
					return err
				}
			}
			if len(kvs) < 256 {
				break
			}
			after = kvs[len(kvs)-1].Key
		}
		if err := tx.Put([]byte(dueIndexedKey), nil); err != nil {
			return arca.Internal(err)
		}
		return nil
	})
}
