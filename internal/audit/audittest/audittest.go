// Package audittest provides audit sinks for tests of the fail-closed
// path: a Sink whose appends can be made to fail or to stall (block until
// released, ignoring their context, as a hung fsync or a frozen database
// does).
package audittest

import (
	"context"
	"errors"
	"sync"

	"github.com/arca-vault/arca/internal/audit"
)

// ErrInjected is the failure Fail injects when given nil.
var ErrInjected = errors.New("audittest: injected sink failure")

// Sink wraps an audit.Sink. Its zero value is not usable; call New.
type Sink struct {
	audit.Sink
	mu      sync.Mutex
	fail    error
	stall   chan struct{} // non-nil while stalled; closed by Release
	stalled chan struct{} // receives when an append starts to stall
}

// New wraps inner (a fresh memory sink when nil).
func New(inner audit.Sink) *Sink {
	if inner == nil {
		inner = audit.NewMemorySink()
	}
	return &Sink{Sink: inner, stalled: make(chan struct{}, 1)}
}

// Fail makes every append fail with err (ErrInjected when nil) until
// Recover.
func (s *Sink) Fail(err error) {
	if err == nil {
		err = ErrInjected
	}
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// Recover ends Fail.
func (s *Sink) Recover() {
	s.mu.Lock()
	s.fail = nil
	s.mu.Unlock()
}

// Stall makes appends block, whatever their context says, until Release.
func (s *Sink) Stall() {
	s.mu.Lock()
	if s.stall == nil {
		s.stall = make(chan struct{})
	}
	s.mu.Unlock()
}

// Release ends Stall: blocked appends go on to the wrapped sink.
func (s *Sink) Release() {
	s.mu.Lock()
	if s.stall != nil {
		close(s.stall)
		s.stall = nil
	}
	s.mu.Unlock()
}

// Stalled returns a channel that receives when an append starts to stall.
func (s *Sink) Stalled() <-chan struct{} { return s.stalled }

// Append implements audit.Sink.
func (s *Sink) Append(ctx context.Context, seal func(audit.Head) ([]audit.Record, error)) error {
	s.mu.Lock()
	fail, stall := s.fail, s.stall
	s.mu.Unlock()
	if stall != nil {
		select {
		case s.stalled <- struct{}{}:
		default:
		}
		<-stall
	}
	if fail != nil {
		return fail
	}
	return s.Sink.Append(ctx, seal)
}
