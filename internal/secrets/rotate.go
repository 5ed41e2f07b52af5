package secrets

import (
	"context"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/google/uuid"
)

// Rotation follows AWS's state machine. RotateSecret stores the schedule and
// function and, unless told to wait, creates the AWSPENDING version (its id
// is the ClientRequestToken) that the function's four steps fill
// (createSecret), use (setSecret, testSecret) and promote (finishSecret:
// AWSCURRENT moves to it, AWSPREVIOUS to the old one, AWSPENDING goes).
// While AWSPENDING sits on a version that is not AWSCURRENT, a rotation is
// in progress and another RotateSecret is refused.
//
// The built-in function arca-rotate-random
// (arn:aws:lambda:REGION:ACCOUNT:function:arca-rotate-random) runs all four
// steps at once, in RotateSecret's own transaction. Any other function is
// handed to the Rotator after the transaction commits; without one, its
// AWSPENDING version waits for a runner (PutValue with AWSPENDING, then
// FinishRotation).

// Rotator runs rotation functions other than the built-in one.
type Rotator interface {
	// StartRotation is called after the transaction that created the
	// AWSPENDING version has committed. It must not block; it reports
	// through the Service (PutValue with the AWSPENDING stage, then
	// FinishRotation).
	StartRotation(ctx context.Context, job RotationJob)
}

// RotationJob is one rotation for a Rotator to run.
type RotationJob struct {
	Region, ARN, Name string
	VersionID         string // the AWSPENDING version, the functions' ClientRequestToken
	LambdaARN         string
	Step              string // the last step that completed; "" = none
	Attempts          int    // failed attempts so far
}

// RotateInput configures and starts a rotation.
type RotateInput struct {
	ID                string
	Token             string // the AWSPENDING version's id; "" = a new UUID
	LambdaARN         string // "" = the one already configured
	Rules             *Rules // nil = the ones already configured
	RotateImmediately *bool  // nil = true
}

// Rotate turns rotation on with the given function and schedule and, unless
// RotateImmediately is false, starts a rotation now. A retry with the token
// of the rotation it started answers with the same version.
//
// Errors: EInvalid (token, function ARN, rules), ENotFound, EConflict
// (scheduled for deletion, a replica, no function configured, a rotation in
// progress, the built-in function cannot find its JSON field), ELimit, and
// the seal and open errors of the built-in function.
func (s *Service) Rotate(ctx context.Context, in RotateInput) (*WriteResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkToken(in.Token); err != nil {
		return nil, err
	}
	if in.LambdaARN != "" {
		if err := checkLambda(in.LambdaARN); err != nil {
			return nil, err
		}
	}
	if in.Rules != nil {
		if err := CheckRules(in.Rules); err != nil {
			return nil, err
		}
	}
	now := in.RotateImmediately == nil || *in.RotateImmediately
	var res *WriteResult
	var job *RotationJob
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		job = nil
		r, err := s.writable(ctx, tx, c, in.ID)
		if err != nil {
			return err
		}
		res = &WriteResult{ARN: r.ARN, Name: r.Name}
		if p := r.owner(StagePending); r.rotating() {
			if in.Token != "" && p.ID == in.Token {
				res.VersionID = p.ID
				return nil
			}
			return arca.Errorf(arca.EConflict, "A previous rotation isn't complete. That rotation will be reattempted.")
		}
		lambda := in.LambdaARN
		if lambda == "" {
			lambda = r.Rotation.Lambda
		}
		if lambda == "" {
			return arca.Errorf(arca.EConflict, "No Lambda rotation function ARN is associated with this secret: give RotationLambdaARN.")
		}
		r.Rotation.Configured, r.Rotation.Enabled, r.Rotation.Lambda = true, true, lambda
		if in.Rules != nil {
			rules := *in.Rules
			r.Rotation.Rules = &rules
		}
		fresh := map[string]Content{}
		if now {
			if res.VersionID, job, err = s.startRotation(tx, c, r, in.Token, fresh); err != nil {
				return err
			}
		}
		s.schedule(r)
		r.Changed = s.clock()
		return s.save(tx, r, fresh)
	})
	if err != nil {
		return nil, err
	}
	if job != nil && s.rotator != nil {
		s.rotator.StartRotation(context.WithoutCancel(ctx), *job)
	} else if w, ok := s.rotator.(interface{ Wake() }); ok {
		w.Wake() // a new schedule: the scheduler's next wake-up may be too late
	}
	return res, nil
}

// startRotation creates the AWSPENDING version; the built-in function then
// completes the rotation at once. It returns the job for a Rotator when the
// function is not the built-in one, and the pending version's id.
func (s *Service) startRotation(tx storage.Tx, c *arca.Caller, r *record, token string, fresh map[string]Content) (string, *RotationJob, error) {
	if token == "" {
		token = uuid.NewString()
	}
	if r.find(token) != nil {
		return token, nil, nil // a retry of a rotation that has finished
	}
	if err := s.makeRoom(tx, r); err != nil {
		return "", nil, err
	}
	pending := &version{ID: token, Created: s.clock()}
	r.Versions = append(r.Versions, pending)
	r.attach(pending, StagePending)
	if !builtin(r.Rotation.Lambda, c) {
		return token, &RotationJob{Region: r.Region, ARN: r.ARN, Name: r.Name, VersionID: token, LambdaARN: r.Rotation.Lambda}, nil
	}
	next, err := s.rotatedValue(tx, r)
	if err != nil {
		return "", nil, err
	}
	// A value the service made: sealed as the service's own act.
	if err := s.seal(context.Background(), tx, r, pending, next); err != nil {
		return "", nil, err
	}
	fresh[token] = next
	s.finish(r, pending)
	return token, nil, nil
}

// finish promotes the pending version: AWSCURRENT moves to it (AWSPREVIOUS
// to the version it leaves) and AWSPENDING goes.
func (s *Service) finish(r *record, v *version) {
	r.attach(v, StageCurrent)
	r.detach(StagePending)
	r.Rotation.Last = s.clock()
	r.Changed = r.Rotation.Last
	r.Rotation.Step, r.Rotation.Attempts, r.Rotation.RetryAt = "", 0, time.Time{}
	r.Rotation.Holder, r.Rotation.LeaseUntil = "", time.Time{}
	r.Rotation.Result, r.Rotation.Failure = ResultSucceeded, nil
	s.schedule(r)
}

// schedule sets NextRotationDate from the rules and the last rotation.
// The scheduler starts a rotation at the window's start (Due), never less
// than MinRotationInterval after the last one: AWS's floor, which a cron()
// matching more often would otherwise break.
func (s *Service) schedule(r *record) {
	if !r.Rotation.Enabled || r.Rotation.Rules == nil {
		r.Rotation.Next, r.Rotation.Due = time.Time{}, time.Time{}
		return
	}
	from := r.Rotation.Last
	if from.IsZero() {
		from = s.clock()
	}
	start, end := NextWindow(r.Rotation.Rules, from)
	for i := 0; i < 100 && !start.IsZero() && !r.Rotation.Last.IsZero() && start.Before(r.Rotation.Last.Add(MinRotationInterval)); i++ {
		start, end = NextWindow(r.Rotation.Rules, start)
	}
	r.Rotation.Due, r.Rotation.Next = start, end
}

// MinRotationInterval is the shortest time between two scheduled rotations
// of a secret, as AWS allows.
const MinRotationInterval = 4 * time.Hour

// How a rotation attempt ended (Rotation.Result).
const (
	ResultSucceeded = "succeeded"
	ResultFailed    = "failed"
)

// FinishRotation completes a rotation run by an external function: the
// version must carry AWSPENDING and hold a value. Errors: EInvalid (no such
// version, not pending, no value), ENotFound, EConflict (scheduled for
// deletion, or a replica).
func (s *Service) FinishRotation(ctx context.Context, id, versionID string) (*Ref, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var ref *Ref
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		v := r.find(versionID)
		if v == nil || v != r.owner(StagePending) || v.Kind == "" {
			return arca.Errorf(arca.EInvalid, "The version %s is not a pending version with a value.", versionID)
		}
		s.finish(r, v)
		ref = &Ref{ARN: r.ARN, Name: r.Name}
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

// CancelRotation turns automatic rotation off. A rotation in progress is
// left as it is, as AWS leaves it: its AWSPENDING version, reported as
// VersionID, stays until it is removed with MoveStage. Errors: ENotFound,
// EConflict (scheduled for deletion, or a replica).
func (s *Service) CancelRotation(ctx context.Context, id string) (*WriteResult, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var res *WriteResult
	err = s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := s.writable(ctx, tx, c, id)
		if err != nil {
			return err
		}
		res = &WriteResult{ARN: r.ARN, Name: r.Name}
		if r.rotating() {
			res.VersionID = r.owner(StagePending).ID
		}
		r.Rotation.Enabled = false
		s.schedule(r)
		r.Changed = s.clock()
		return s.save(tx, r, nil)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkLambda validates a rotation function ARN. Errors: EInvalid.
func checkLambda(arn string) error {
	a, ok := arca.ParseARN(arn)
	if !ok || a.Service != "lambda" || !strings.HasPrefix(a.Resource, "function:") || len(a.Resource) == len("function:") {
		return arca.Errorf(arca.EInvalid, "RotationLambdaARN must be a Lambda function ARN: arn:aws:lambda:REGION:ACCOUNT:function:NAME.")
	}
	return nil
}
