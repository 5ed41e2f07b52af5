package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/storage"
)

// Policies is what the policy engine needs about a principal: who it is,
// and the identity-based and session policies that apply to it, compiled.
type Policies struct {
	// Principal is the caller as authz sees it: ARN, account, type, user
	// name, unique id, role ARN (sessions) and tags (a user's; a session's
	// role tags with the session tags over them).
	Principal authz.Principal
	// Identity holds the inline and attached managed policies (default
	// versions) of the user and of its groups, or of a session's role.
	// Policy.ID is the managed policy's ARN, or "KIND/ENTITY/inline/NAME"
	// for an inline policy (e.g. "user/alice/inline/read").
	Identity []*authz.Policy
	// Session holds a role session's session policies (the inline Policy
	// and the PolicyArns given to AssumeRole); empty means no limit.
	Session []*authz.Policy
	// Boundary holds the permissions boundary of the user or of a
	// session's role; empty means no limit.
	Boundary []*authz.Policy
}

// Set returns the policies as an authz.Set; the caller adds the resource's
// policies and, for a resource of another account, ResourceAccount.
func (p *Policies) Set() authz.Set {
	return authz.Set{Identity: p.Identity, Session: p.Session, Boundary: p.Boundary}
}

// PolicySet returns everything the policy engine needs about an
// authenticated caller (one that Authenticate returned). It reads, in one
// snapshot, the principal's record (the user, or the session and its role
// or user), one record per group of a user and one per attached managed
// policy (and the boundary's); documents are compiled once and then served
// from a cache keyed by their bytes. The result is kept per principal and
// reused while the IAM generation in the store is unchanged (one small
// read; see generation.go), so a change of policy — through this server or
// another sharing the store — is seen on the very next call. The returned
// Policies is shared: callers must not modify it. The root user gets its
// Principal and no documents: authz grants it every permission in its own
// account.
//
// Errors: EUnauthenticated when the principal no longer exists (a deleted
// user or role, a purged session); EUnavailable; EInternal for a stored
// document the engine no longer accepts (the request fails closed).
func (s *Service) PolicySet(ctx context.Context, c *arca.Caller) (*Policies, error) {
	if c == nil {
		return nil, arca.Errorf(arca.EUnauthenticated, "no authenticated caller")
	}
	if c.Type == TypeRoot {
		return &Policies{Principal: authz.Principal{ARN: c.ARN, Account: s.account, Type: authz.Root, UserID: c.PrincipalID}}, nil
	}
	key := "u/" + c.UserName
	if isSessionKey(c.AccessKeyID) {
		key = "s/" + c.AccessKeyID
	}
	out := &Policies{}
	err := s.view(ctx, func(tx storage.Tx) error {
		gen, err := readGeneration(tx)
		if err != nil {
			return err
		}
		if p := s.sets.get(key, gen); p != nil {
			out = p
			return nil
		}
		out = &Policies{}
		if err := s.principalPolicies(tx, c, out); err != nil {
			return err
		}
		s.sets.put(key, gen, out)
		return nil
	})
	if arca.ErrorCode(err) == arca.ENotFound {
		return nil, unknownKey()
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// principalPolicies reads the policies of an authenticated caller that is
// not the root user's long-term key.
func (s *Service) principalPolicies(tx storage.Tx, c *arca.Caller, out *Policies) error {
	if !isSessionKey(c.AccessKeyID) {
		return s.userPolicies(tx, c.UserName, out)
	}
	rec, err := getSession(tx, c.AccessKeyID)
	if err != nil {
		return err
	}
	switch rec.Kind {
	case sessionRoot:
		out.Principal = authz.Principal{ARN: c.ARN, Account: s.account, Type: authz.Root, UserID: s.account}
		return nil
	case sessionUser:
		return s.userPolicies(tx, rec.UserName, out)
	}
	return s.sessionPolicies(tx, rec, out)
}

func getSession(tx storage.Tx, id string) (*sessionRecord, error) {
	raw, err := tx.Get(sessionKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return nil, arca.Errorf(arca.ENotFound, "session %s not found", id)
	}
	if err != nil {
		return nil, err
	}
	rec := new(sessionRecord)
	if err := json.Unmarshal(raw, rec); err != nil {
		return nil, arca.Internal(fmt.Errorf("decode session: %w", err))
	}
	return rec, nil
}

// userPolicies fills out with a user and its and its groups' policies.
func (s *Service) userPolicies(tx storage.Tx, name string, out *Policies) error {
	u, err := s.readRecord(tx, KindUser, name)
	if err != nil {
		return err
	}
	out.Principal = authz.Principal{ARN: s.arn(u), Account: s.account, Type: authz.IAMUser, UserName: u.Name, UserID: u.ID, Tags: tagMap(u.Tags, nil)}
	if err := s.entityPolicies(tx, u, &out.Identity); err != nil {
		return err
	}
	if err := s.boundaryPolicy(tx, u, out); err != nil {
		return err
	}
	for _, g := range u.Groups {
		gr, err := s.readRecord(tx, KindGroup, g)
		if err != nil {
			return err
		}
		if err := s.entityPolicies(tx, gr, &out.Identity); err != nil {
			return err
		}
	}
	return nil
}

// sessionPolicies fills out with a role session, its role's policies and
// its session policies.
func (s *Service) sessionPolicies(tx storage.Tx, rec *sessionRecord, out *Policies) error {
	r, err := s.readRecord(tx, KindRole, rec.RoleName)
	if err != nil {
		return err
	}
	if r.ID != rec.RoleID {
		return noSuch(KindRole, rec.RoleName)
	}
	out.Principal = authz.Principal{
		ARN: assumedRoleARN(s.region, s.account, r.Name, rec.SessionName), Account: s.account, Type: authz.AssumedRole,
		UserID: r.ID + ":" + rec.SessionName, RoleARN: s.arn(r), Tags: tagMap(r.Tags, rec.Tags),
	}
	if err := s.entityPolicies(tx, r, &out.Identity); err != nil {
		return err
	}
	if err := s.boundaryPolicy(tx, r, out); err != nil {
		return err
	}
	return s.sessionDocs(tx, rec.Policy, rec.PolicyARNs, &out.Session)
}

// sessionDocs compiles a session's inline policy and managed session
// policies.
func (s *Service) sessionDocs(tx storage.Tx, inline string, arns []string, out *[]*authz.Policy) error {
	if inline != "" {
		p, err := s.docs.get([]byte(inline), authz.Session, "session/inline")
		if err != nil {
			return arca.Internal(fmt.Errorf("stored session policy: %w", err))
		}
		*out = append(*out, p)
	}
	for _, a := range arns {
		mp, err := s.readPolicy(tx, a)
		if err != nil {
			return err
		}
		p, err := s.docs.get([]byte(mp.version(mp.Default).Document), authz.Session, a)
		if err != nil {
			return arca.Internal(fmt.Errorf("stored policy %s: %w", a, err))
		}
		*out = append(*out, p)
	}
	return nil
}

// entityPolicies appends the compiled inline and attached policies of r.
func (s *Service) entityPolicies(tx storage.Tx, r *record, out *[]*authz.Policy) error {
	names := make([]string, 0, len(r.Inline))
	for n := range r.Inline {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		id := string(r.Kind) + "/" + r.Name + "/inline/" + n
		p, err := s.docs.get([]byte(r.Inline[n]), authz.Identity, id)
		if err != nil {
			return arca.Internal(fmt.Errorf("stored policy %s: %w", id, err))
		}
		*out = append(*out, p)
	}
	for _, a := range r.Attached {
		mp, err := s.readPolicy(tx, a.ARN)
		if err != nil {
			return err
		}
		p, err := s.docs.get([]byte(mp.version(mp.Default).Document), authz.Identity, a.ARN)
		if err != nil {
			return arca.Internal(fmt.Errorf("stored policy %s: %w", a.ARN, err))
		}
		*out = append(*out, p)
	}
	return nil
}

// tagMap returns tags with over on top (keys as written; authz matches
// them without regard to case).
func tagMap(tags, over []Tag) map[string]string {
	if len(tags)+len(over) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags)+len(over))
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	for _, t := range over {
		for k := range m {
			if strings.EqualFold(k, t.Key) {
				delete(m, k)
			}
		}
		m[t.Key] = t.Value
	}
	return m
}

// PrincipalPolicies returns the policies of the user, role or group an ARN
// names, for simulation (SimulatePrincipalPolicy, arca iam simulate). A
// role is simulated as a session of it named "simulation", without session
// policies; a group as a user that belongs to it and nothing else.
// Errors: ENotFound, EInvalid (not a user, role or group ARN of this
// account).
func (s *Service) PrincipalPolicies(ctx context.Context, principalARN string) (*Policies, error) {
	a, ok := arca.ParseARN(principalARN)
	kindName, rest, _ := strings.Cut(a.Resource, "/")
	kind := Kind(kindName)
	if !ok || a.Service != "iam" || a.Account != s.account || (kind != KindUser && kind != KindRole && kind != KindGroup) || rest == "" {
		return nil, arca.Errorf(arca.EInvalid, "Invalid ARN: %s is not the ARN of a user, group or role of this account.", principalARN)
	}
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	out := &Policies{}
	err := s.view(ctx, func(tx storage.Tx) error {
		*out = Policies{}
		if kind == KindUser {
			return s.userPolicies(tx, name, out)
		}
		r, err := s.readRecord(tx, kind, name)
		if err != nil {
			return err
		}
		if s.arn(r) != principalARN {
			return noSuch(kind, name)
		}
		switch kind {
		case KindRole:
			out.Principal = authz.Principal{
				ARN: assumedRoleARN(s.region, s.account, r.Name, "simulation"), Account: s.account, Type: authz.AssumedRole,
				UserID: r.ID + ":simulation", RoleARN: s.arn(r), Tags: tagMap(r.Tags, nil),
			}
		default:
			out.Principal = authz.Principal{ARN: s.arn(r), Account: s.account, Type: authz.IAMUser, UserID: r.ID}
		}
		if err := s.boundaryPolicy(tx, r, out); err != nil {
			return err
		}
		return s.entityPolicies(tx, r, &out.Identity)
	})
	return out, err
}
