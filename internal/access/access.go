package access

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/identity"
)

// Config holds the Authorizer's inputs besides the identity service.
type Config struct {
	// Now gives aws:CurrentTime and aws:EpochTime; nil = time.Now.
	Now func() time.Time
	// SecureTransport is the value of aws:SecureTransport: true when the
	// server is reached over TLS.
	SecureTransport bool
}

// Authorizer implements arca.Authorizer over identity policies, resource
// and key policies and the request context, with authz.Evaluate.
type Authorizer struct {
	id     *identity.Service
	now    func() time.Time
	secure string

	mu   sync.RWMutex
	docs map[docKey]*authz.Policy // resource and key policies by bytes

	// last is the policy set of the most recent caller: one request asks
	// several questions (the action, then kms:Decrypt; each secret of a
	// batch), and its *arca.Caller is the same for all of them. Holding the
	// pointer keeps its address from being reused by another request.
	last atomic.Pointer[memo]
}

type memo struct {
	caller *arca.Caller
	pol    *identity.Policies
}

type docKey struct {
	doc  string
	kind authz.Kind
}

// docsMax bounds the resource-policy cache; it is cleared when full.
const docsMax = 4096

var _ arca.Authorizer = (*Authorizer)(nil)

// New returns an Authorizer that reads principals' policies from id.
func New(id *identity.Service, c Config) *Authorizer {
	now := c.Now
	if now == nil {
		now = time.Now
	}
	secure := "false"
	if c.SecureTransport {
		secure = "true"
	}
	return &Authorizer{id: id, now: now, secure: secure, docs: map[docKey]*authz.Policy{}}
}

// Authorize decides a for the caller in ctx. It returns nil when allowed.
//
// Errors: EDenied (an *arca.Error wrapping a *Denial) when refused;
// EUnauthenticated without a caller or when its principal no longer
// exists; EInternal when a stored resource policy no longer parses (fail
// closed); EUnavailable from the store.
func (az *Authorizer) Authorize(ctx context.Context, a arca.Access) error {
	d, err := az.Decide(ctx, a)
	if err != nil {
		return err
	}
	if d.Allowed {
		return nil
	}
	return denied(arca.CallerFrom(ctx), a, d)
}

// Decide evaluates a for the caller in ctx and returns the decision
// itself. Errors as Authorize, without EDenied.
func (az *Authorizer) Decide(ctx context.Context, a arca.Access) (authz.Decision, error) {
	c := arca.CallerFrom(ctx)
	if c == nil {
		return authz.Decision{}, arca.Errorf(arca.EUnauthenticated, "no authenticated caller")
	}
	pol, err := az.policies(ctx, c)
	if err != nil {
		return authz.Decision{}, err
	}
	if pol.Principal.Type == authz.Root && (len(a.ResourcePolicy) == 0 || a.Managed) && (a.ResourceAccount == "" || a.ResourceAccount == pol.Principal.Account) {
		// The account's root with no resource or key policy in play:
		// nothing can deny it (root has no identity policies), so skip
		// building the context — the common case of a root-run server.
		d := authz.Decision{Allowed: true, Outcome: authz.Allow, Reason: authz.Reason{Statement: -1, Note: "the account's root user"}}
		traceRecord(ctx, a, d)
		return d, nil
	}
	set := pol.Set()
	set.ResourceAccount = a.ResourceAccount
	if len(a.ResourcePolicy) > 0 && !a.Managed {
		kind := authz.Resource
		if strings.HasPrefix(a.Action, "kms:") {
			kind = authz.KeyPolicy
		}
		p, err := az.doc(a.ResourcePolicy, kind, a.Resource)
		if err != nil {
			return authz.Decision{}, arca.Internal(err)
		}
		set.Resource = []*authz.Policy{p}
	}
	req := authz.Request{Principal: pol.Principal, Action: a.Action, Resource: a.Resource}
	req.Context, req.Lookup = az.context(c, a)
	d := authz.Evaluate(req, set)
	if a.Managed && !d.Allowed && d.Outcome != authz.ExplicitDeny {
		// The default key policy of an AWS-managed key allows every
		// principal of the account to use it through the service.
		d = authz.Decision{Allowed: true, Outcome: authz.Allow, Reason: authz.Reason{
			PolicyID: a.Resource, Kind: authz.KeyPolicy, Statement: -1,
			Note: "the default key policy of an AWS managed key allows the account's principals",
		}}
	}
	traceRecord(ctx, a, d)
	return d, nil
}

// policies returns the caller's policy set, reusing the last one for the
// same request.
func (az *Authorizer) policies(ctx context.Context, c *arca.Caller) (*identity.Policies, error) {
	if m := az.last.Load(); m != nil && m.caller == c {
		return m.pol, nil
	}
	pol, err := az.id.PolicySet(ctx, c)
	if err != nil {
		return nil, err
	}
	az.last.Store(&memo{caller: c, pol: pol})
	return pol, nil
}

// context returns the request's condition keys: the core's own
// (a.Context) as they are, and the keys every request has (aws:SourceIp,
// aws:UserAgent, aws:RequestedRegion, aws:SecureTransport, aws:CurrentTime,
// aws:EpochTime) and a.Lookup's on demand, so that a request whose
// policies name none of them builds nothing.
func (az *Authorizer) context(c *arca.Caller, a arca.Access) (map[string][]string, func(string) ([]string, bool)) {
	return a.Context, func(k string) ([]string, bool) {
		switch k {
		case "aws:sourceip":
			return nonEmpty(c.SourceIP)
		case "aws:useragent":
			return nonEmpty(c.UserAgent)
		case "aws:requestedregion":
			return nonEmpty(c.Region)
		case "aws:securetransport":
			return []string{az.secure}, true
		case "aws:currenttime", "aws:epochtime":
			m := make(map[string][]string, 2)
			authz.SetTime(m, az.now())
			if k == "aws:currenttime" {
				return m[authz.KeyCurrentTime], true
			}
			return m[authz.KeyEpochTime], true
		}
		if a.Lookup != nil {
			return a.Lookup(k)
		}
		return nil, false
	}
}

func nonEmpty(s string) ([]string, bool) {
	if s == "" {
		return nil, false
	}
	return []string{s}, true
}

// doc returns raw compiled as kind, from the cache when seen before.
func (az *Authorizer) doc(raw []byte, kind authz.Kind, id string) (*authz.Policy, error) {
	az.mu.RLock()
	p, ok := az.docs[docKey{string(raw), kind}]
	az.mu.RUnlock()
	if ok {
		return p, nil
	}
	p, err := authz.Parse(raw, kind)
	if err != nil {
		return nil, err
	}
	p.ID = id
	az.mu.Lock()
	if len(az.docs) >= docsMax {
		az.docs = map[docKey]*authz.Policy{}
	}
	az.docs[docKey{string(raw), kind}] = p
	az.mu.Unlock()
	return p, nil
}
