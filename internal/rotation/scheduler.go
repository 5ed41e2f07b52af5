package rotation

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

// KeyRotator gives KMS keys with automatic rotation a new key version when
// their period has passed (*kms.Service).
type KeyRotator interface {
	// RotateDue rotates the keys due at now and returns how many it
	// rotated and when the next one falls due (zero: none).
	RotateDue(ctx context.Context, now time.Time) (rotated int, next time.Time, err error)
}

// Config holds what a Scheduler needs.
type Config struct {
	Secrets   *secrets.Service
	KMS       KeyRotator // nil: no KMS key rotation
	Functions Registry   // by name; RandomFunction is added under Random
	// Node names this process among the nodes that share the store; it
	// holds the leases of the rotations it runs. A restarted node with the
	// same name resumes its own rotations at once; another node waits for
	// the lease to lapse.
	Node string
	// Lease is how long a node holds a rotation without renewing it
	// (renewed every Lease/3 and after each step); 0 = 2 minutes.
	Lease time.Duration
	// Poll is the longest the scheduler sleeps without reading the due
	// index, so that it sees rotations other nodes scheduled; 0 = 1 minute.
	Poll time.Duration
	Now  func() time.Time // nil = time.Now; timers use package time (tests run in testing/synctest)
	Log  *slog.Logger     // nil = discard
	// Metrics, nil = none.
	Metrics *Metrics
	// Notify, when set, hears each rotation attempt's start and end (the
	// server records them as audit service events). It must not block.
	Notify func(ctx context.Context, n Notice)
}

// Notice is the start or end of a rotation attempt.
type Notice struct {
	Event     string // NoticeStarted, NoticeSucceeded, NoticeFailed
	SecretARN string
	VersionID string
	Function  string
	Step      Step   // the failed step (NoticeFailed)
	Message   string // why it failed, free of secret values (NoticeFailed)
	Attempt   int    // the failed attempts so far (NoticeFailed)
}

// Notice events, named as CloudTrail names Secrets Manager's rotation
// service events.
const (
	NoticeStarted   = "RotationStarted"
	NoticeSucceeded = "RotationSucceeded"
	NoticeFailed    = "RotationFailed"
)

func (s *Scheduler) notify(ctx context.Context, n Notice) {
	if s.cfg.Notify != nil {
		s.cfg.Notify(ctx, n)
	}
}

// Scheduler starts due rotations and runs them: it is the runner of every
// rotation function but RotateSecret's synchronous arca-rotate-random. It
// implements secrets.Rotator, so that RotateSecret wakes it.
type Scheduler struct {
	cfg  Config
	wake chan struct{}

	mu      sync.Mutex
	running map[string]bool // region + "\x00" + name
	wg      sync.WaitGroup
}

// New returns a Scheduler; Run runs it.
func New(cfg Config) *Scheduler {
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	fns := Registry{Random: RandomFunction{}}
	for name, f := range cfg.Functions {
		fns[name] = f
	}
	cfg.Functions = fns
	return &Scheduler{cfg: cfg, wake: make(chan struct{}, 1), running: map[string]bool{}}
}

// StartRotation wakes the scheduler for a rotation RotateSecret started
// (secrets.Rotator); the scheduler claims and runs it like any due one.
func (s *Scheduler) StartRotation(context.Context, secrets.RotationJob) { s.Wake() }

// Wake makes the scheduler read the due index now.
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run runs the scheduler until ctx is done, then waits for the rotations
// it runs to release their leases. On start it resumes the rotations this
// node held before a restart.
func (s *Scheduler) Run(ctx context.Context) {
	defer s.wg.Wait()
	if err := s.cfg.Secrets.IndexRotations(ctx); err != nil && ctx.Err() == nil {
		s.cfg.Log.Error("rotation scheduler: index the rotating secrets", "err", err)
	}
	var kmsNext time.Time
	resume := true
	for {
		next := s.pass(ctx, resume)
		resume = false
		if s.cfg.KMS != nil && !s.cfg.Now().Before(kmsNext) {
			n, kn, err := s.cfg.KMS.RotateDue(ctx, s.cfg.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				s.cfg.Log.Error("KMS key rotation", "err", err)
				kn = s.cfg.Now().Add(s.cfg.Poll)
			case n > 0:
				s.cfg.Log.Info("KMS keys rotated", "keys", n)
			}
			if kmsNext = kn; kn.IsZero() {
				kmsNext = s.cfg.Now().Add(s.cfg.Poll) // keys enabled later are seen within Poll
			}
		}
		if !kmsNext.IsZero() && (next.IsZero() || kmsNext.Before(next)) {
			next = kmsNext
		}
		now := s.cfg.Now()
		wait := s.cfg.Poll
		if !next.IsZero() {
			wait = min(max(next.Sub(now), time.Second), s.cfg.Poll)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
			t.Stop()
		case <-t.C:
		}
	}
}

// pass claims and starts every due rotation; it returns when the next one
// falls due (zero: none). With resume, it also takes at once the rotations
// this node held before it restarted.
func (s *Scheduler) pass(ctx context.Context, resume bool) time.Time {
	var next time.Time
	for ctx.Err() == nil {
		now := s.cfg.Now()
		until := now
		if resume {
			until = now.Add(s.cfg.Lease)
		}
		due, n, err := s.cfg.Secrets.DueRotations(ctx, until, 100)
		if err != nil {
			if ctx.Err() == nil {
				s.cfg.Log.Error("rotation scheduler: read the due index", "err", err)
			}
			return time.Time{}
		}
		next = n
		started := 0
		for _, d := range due {
			if s.start(ctx, d, resume) {
				started++
				continue
			}
			// Not startable now (held by a lease, or running here): look
			// again when its entry falls due, or in a minute.
			at := d.At
			if !at.After(now) {
				at = now.Add(min(s.cfg.Poll, time.Minute))
			}
			if next.IsZero() || at.Before(next) {
				next = at
			}
		}
		// A full page: read on, unless nothing on it could be started (they
		// run here or elsewhere), which the next pass sees again.
		if len(due) < 100 || started == 0 {
			break
		}
	}
	return next
}

// start claims the rotation of d and runs it in a goroutine; it reports
// whether it did.
func (s *Scheduler) start(ctx context.Context, d secrets.DueRotation, resume bool) bool {
	key := d.Region + "\x00" + d.Name
	s.mu.Lock()
	if s.running[key] {
		s.mu.Unlock()
		return false
	}
	s.running[key] = true
	s.mu.Unlock()
	job, err := s.cfg.Secrets.ClaimRotation(ctx, d.Region, d.Name, s.cfg.Node, s.cfg.Lease, resume)
	if err != nil || job == nil {
		if err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("rotation: claim", "secret", d.Name, "region", d.Region, "err", err)
		}
		s.done(key)
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer s.Wake() // the finished rotation has a new due date
		defer s.done(key)
		s.run(ctx, job)
	}()
	return true
}

func (s *Scheduler) done(key string) {
	s.mu.Lock()
	delete(s.running, key)
	s.mu.Unlock()
}

// run drives the function of job through the steps after the last one that
// completed.
func (s *Scheduler) run(ctx context.Context, job *secrets.RotationJob) {
	log := s.cfg.Log.With("secret", job.ARN, "version", job.VersionID)
	name := FunctionName(job.LambdaARN)
	fn, err := s.cfg.Functions.Resolve(job.LambdaARN)
	if err != nil {
		name = "unregistered" // a label per unknown name would let callers grow the metrics
	}
	s.cfg.Metrics.start(name)
	s.notify(ctx, Notice{Event: NoticeStarted, SecretARN: job.ARN, VersionID: job.VersionID, Function: name})
	began := s.cfg.Now()
	// The steps run under a context that ends when the lease is lost.
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(s.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-sctx.Done():
				return
			case <-t.C:
				if err := s.cfg.Secrets.RenewRotation(sctx, job, s.cfg.Node, s.cfg.Lease); err != nil && sctx.Err() == nil {
					cancel(err)
					return
				}
			}
		}
	}()
	defer func() { cancel(nil); <-renewed }()

	bg := context.WithoutCancel(ctx)
	fail := func(step Step, err error) {
		f, rerr := s.cfg.Secrets.RecordFailure(bg, job, s.cfg.Node, string(step), errorMessage(err))
		s.cfg.Metrics.end(name, false, s.cfg.Now().Sub(began))
		if rerr != nil {
			log.Error("rotation failed; recording the failure failed too", "step", step, "err", errorMessage(err), "record_err", rerr)
			return
		}
		log.Warn("rotation step failed; AWSCURRENT unchanged", "function", name, "step", step, "attempt", f.Attempts,
			"retry_in", secrets.RetryDelay(f.Attempts).String(), "err", f.Message)
		s.notify(bg, Notice{Event: NoticeFailed, SecretARN: job.ARN, VersionID: job.VersionID, Function: name, Step: step, Message: f.Message, Attempt: f.Attempts})
	}
	if err != nil {
		fail(next(job.Step), err)
		return
	}
	a, _ := arca.ParseARN(job.ARN)
	sm := s.cfg.Secrets.RotationService(a.Region, a.Account)
	for _, step := range Steps {
		if !after(step, Step(job.Step)) {
			continue
		}
		ev := Event{SecretID: job.ARN, ClientRequestToken: job.VersionID, Step: step}
		err := invoke(sctx, fn, sm, ev)
		if ctx.Err() != nil { // stopping: another node (or this one, restarted) resumes at this step
			if rerr := s.cfg.Secrets.ReleaseRotation(bg, job, s.cfg.Node); rerr != nil {
				log.Warn("rotation: release on stop", "err", rerr)
			}
			return
		}
		if cause := context.Cause(sctx); cause != nil && !errors.Is(cause, context.Canceled) {
			log.Warn("rotation: lease lost, stopping", "step", step, "err", cause)
			return
		}
		if err != nil {
			fail(step, err)
			return
		}
		done, err := s.cfg.Secrets.RecordStep(bg, job, s.cfg.Node, string(step), s.cfg.Lease)
		if err != nil {
			log.Warn("rotation: lease lost, stopping", "step", step, "err", err)
			return
		}
		if step == StepFinish && !done {
			fail(step, arca.Errorf(arca.EConflict, "finishSecret returned without moving AWSCURRENT to the pending version %s.", job.VersionID))
			return
		}
	}
	d := s.cfg.Now().Sub(began)
	s.cfg.Metrics.end(name, true, d)
	log.Info("rotation succeeded", "function", name, "duration", d.String())
	s.notify(bg, Notice{Event: NoticeSucceeded, SecretARN: job.ARN, VersionID: job.VersionID, Function: name})
}

// invoke runs one step, turning a panic of the function into an error.
func invoke(ctx context.Context, fn Function, sm Secrets, ev Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = arca.Errorf(arca.EInternal, "The rotation function panicked in %s.", ev.Step)
		}
	}()
	return fn.Invoke(ctx, sm, ev)
}

// after reports whether step comes after last ("" = before the first).
func after(step, last Step) bool {
	return stepIndex(step) > stepIndex(last)
}

func stepIndex(st Step) int {
	for i, s := range Steps {
		if s == st {
			return i
		}
	}
	return -1
}

// next returns the step after last.
func next(last string) Step {
	if i := stepIndex(Step(last)); i+1 < len(Steps) {
		return Steps[i+1]
	}
	return StepFinish
}

// errorMessage is the text recorded and logged for a failed step: the
// message of an arca error (never its wrapped cause, which may come from a
// driver that quotes its input), the error's text otherwise. Functions
// keep secret values out of their errors.
func errorMessage(err error) string {
	var e *arca.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
