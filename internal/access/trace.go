package access

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
)

// Trace holds the decisions made for one request, so the audit event can
// say which statement allowed or denied it. The server puts one in the
// request's context with WithTrace; Decide fills it.
type Trace struct {
	mu        sync.Mutex
	decision  *authz.Decision
	action    string
	resources []string // the ARNs asked about, in order, without repeats
}

// maxTraceResources bounds the resources kept for one request (a batch
// read asks about each of its names).
const maxTraceResources = 32

type traceKey struct{}

// WithTrace returns a context that carries a new Trace, and the Trace.
func WithTrace(ctx context.Context) (context.Context, *Trace) {
	t := &Trace{}
	return context.WithValue(ctx, traceKey{}, t), t
}

// record keeps d: the first denial wins (it is what refused the request),
// otherwise the first allow (the request's own action; later ones are the
// kms:Decrypt and the like that it implies).
func (t *Trace) record(action, resource string, d authz.Decision) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if resource != "" && resource != "*" && len(t.resources) < maxTraceResources && !slices.Contains(t.resources, resource) {
		t.resources = append(t.resources, resource)
	}
	if t.decision != nil && (!t.decision.Allowed || d.Allowed) {
		return
	}
	t.decision, t.action = &d, action
}

// Reason words the kept decision, e.g. "Allow ssm:GetParameter by
// statement 0 (Sid ReadWeb) of identity policy web-read"; "" when no
// decision was made.
func (t *Trace) Reason() string {
	if t == nil {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.decision == nil {
		return ""
	}
	d := t.decision
	s := d.Outcome.String() + " " + t.action
	if d.Reason.Statement >= 0 {
		s += " by statement " + strconv.Itoa(d.Reason.Statement)
		if d.Reason.Sid != "" {
			s += " (Sid " + d.Reason.Sid + ")"
		}
		s += " of " + d.Reason.Kind.String()
		if d.Reason.PolicyID != "" {
			s += " " + d.Reason.PolicyID
		}
	}
	if d.Reason.Note != "" {
		s += ": " + d.Reason.Note
	}
	return s
}

// Resources returns the resource ARNs the request was authorized
// against (allowed or not).
func (t *Trace) Resources() []string {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.resources)
}

func traceRecord(ctx context.Context, a arca.Access, d authz.Decision) {
	if t, ok := ctx.Value(traceKey{}).(*Trace); ok {
		t.record(a.Action, a.Resource, d)
	}
}
