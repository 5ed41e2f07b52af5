package identity

import (
	"crypto/sha256"
	"sync"

	"github.com/arca-vault/arca/internal/authz"
)

// DocKind is the part a policy document plays.
type DocKind = authz.Kind

// The kinds of policy document identity stores or receives.
const (
	DocIdentity = authz.Identity // inline or managed policy of a user, group or role
	DocTrust    = authz.Trust    // a role's AssumeRolePolicyDocument
	DocSession  = authz.Session  // a session policy passed to AssumeRole
)

// checkPolicy validates a document at write time with the policy engine.
// Errors: EBadPolicy (an *authz.PolicyError whose message names the
// offending element), ELimit (a trust or session policy over its quota).
func (s *Service) checkPolicy(doc []byte, kind DocKind) error {
	_, err := s.docs.get(doc, kind, "")
	return err
}

// docCache keeps compiled documents by their bytes, kind and ID, so that a
// policy stored once is parsed once however many requests read it. It is
// cleared when it grows past docCacheMax entries (documents are small and
// few; a clear costs one parse per document in use).
type docCache struct {
	mu sync.Mutex
	m  map[docID]*authz.Policy
}

type docID struct {
	sum  [sha256.Size]byte
	kind DocKind
	id   string
}

const docCacheMax = 4096

// get returns doc compiled as kind with Policy.ID id. The result is shared:
// callers must not modify it.
func (c *docCache) get(doc []byte, kind DocKind, id string) (*authz.Policy, error) {
	key := docID{sha256.Sum256(doc), kind, id}
	c.mu.Lock()
	p, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	var opts []authz.Option
	switch kind {
	case authz.Trust:
		opts = append(opts, authz.MaxSize(authz.MaxTrustPolicySize))
	case authz.Session:
		opts = append(opts, authz.MaxSize(authz.MaxSessionPolicySize))
	}
	p, err := authz.Parse(doc, kind, opts...)
	if err != nil {
		return nil, err
	}
	p.ID = id
	c.mu.Lock()
	if c.m == nil || len(c.m) >= docCacheMax {
		c.m = map[docID]*authz.Policy{}
	}
	c.m[key] = p
	c.mu.Unlock()
	return p, nil
}
