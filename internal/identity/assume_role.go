package identity

import (
	"context"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/storage"
)

// AssumeRole issues temporary credentials for a role to the caller in ctx.
// The caller's policies and the role's trust policy decide, together, with
// authz.Evaluate, as AWS does: a trust policy naming the caller itself
// suffices; one naming the account needs the caller's identity policies to
// allow sts:AssumeRole on the role (the root user is allowed). ExternalID
// reaches conditions as sts:ExternalId; session tags need sts:TagSession
// too. The duration is capped by the role's MaxSessionDuration (and one
// hour when a role session assumes a role).
//
// Errors: EDenied (not allowed, or no such role), EInvalid (duration, a
// session policy ARN that does not exist, a transitive tag overridden),
// EBadPolicy (the session policy), ELimit (packed size), EUnauthenticated.
func (s *Service) AssumeRole(ctx context.Context, in AssumeRoleInput) (*Assumed, error) {
	c := arca.CallerFrom(ctx)
	if c == nil {
		return nil, arca.Errorf(arca.EUnauthenticated, "no authenticated caller")
	}
	if in.Duration == 0 {
		in.Duration = DefaultSessionDuration
	}
	if in.Policy != "" {
		if err := s.checkPolicy([]byte(in.Policy), DocSession); err != nil {
			return nil, err
		}
	}
	pol, err := s.PolicySet(ctx, c)
	if err != nil {
		return nil, err
	}
	denied := arca.Errorf(arca.EDenied, "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", c.ARN, in.RoleARN)
	var role *assumable
	var parent *sessionRecord
	err = s.view(ctx, func(tx storage.Tx) error {
		var err error
		if role, err = s.readRole(tx, in.RoleARN, denied); err != nil {
			return err
		}
		for _, a := range in.PolicyARNs {
			if _, err := s.getPolicy(tx, a); err != nil {
				return arca.Errorf(arca.EInvalid, "Policy %s does not exist.", a)
			}
		}
		if isSessionKey(c.AccessKeyID) {
			parent, err = getSession(tx, c.AccessKeyID)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	tags, transitive, err := chainTags(parent, in.Tags, in.TransitiveTagKeys)
	if err != nil {
		return nil, err
	}
	req := authz.Request{Principal: pol.Principal, Action: "sts:AssumeRole", Resource: role.arn, Context: s.requestContext(c)}
	req.Context["sts:RoleSessionName"] = []string{in.SessionName}
	if in.ExternalID != "" {
		req.Context[authz.KeyExternalID] = []string{in.ExternalID}
	}
	if in.SourceIdentity != "" {
		req.Context["sts:SourceIdentity"] = []string{in.SourceIdentity}
	}
	addRequestTags(req.Context, in.Tags, in.TransitiveTagKeys)
	set := pol.Set()
	set.Resource = []*authz.Policy{role.trust}
	if !authz.Evaluate(req, set).Allowed {
		return nil, denied
	}
	if len(in.Tags) > 0 {
		req.Action = "sts:TagSession"
		if !authz.Evaluate(req, set).Allowed {
			return nil, arca.Errorf(arca.EDenied, "User: %s is not authorized to perform: sts:TagSession on resource: %s", c.ARN, in.RoleARN)
		}
	}
	if err := checkDuration(in.Duration, role.rec, parent != nil && parent.Kind == sessionRole); err != nil {
		return nil, err
	}
	size, err := packedSize(in.Policy, in.PolicyARNs, tags)
	if err != nil {
		return nil, err
	}
	rec := &sessionRecord{
		Kind: sessionRole, RoleName: role.rec.Name, RoleID: role.rec.ID, SessionName: in.SessionName,
		Policy: in.Policy, PolicyARNs: in.PolicyARNs, Tags: tags, TransitiveKeys: transitive, SourceIdentity: in.SourceIdentity,
	}
	if c.Type == TypeIAMUser {
		rec.UserName, rec.UserID = c.UserName, c.PrincipalID
	}
	if parent != nil && in.SourceIdentity == "" {
		rec.SourceIdentity = parent.SourceIdentity
	}
	creds, err := s.issueRole(ctx, role, rec, in.Duration)
	if err != nil {
		return nil, err
	}
	return &Assumed{
		Credentials: creds, AssumedRoleARN: assumedRoleARN(s.region, s.account, role.rec.Name, in.SessionName),
		AssumedRoleID: role.rec.ID + ":" + in.SessionName, PackedPolicySize: size, SourceIdentity: rec.SourceIdentity,
	}, nil
}

// chainTags returns the session's tags and transitive keys: the parent
// session's transitive tags (which cannot be overridden) and the new ones.
func chainTags(parent *sessionRecord, tags []Tag, transitive []string) ([]Tag, []string, error) {
	out, keys := slices.Clone(tags), slices.Clone(transitive)
	if parent == nil {
		return out, keys, nil
	}
	for _, t := range parent.Tags {
		if !containsFold(parent.TransitiveKeys, t.Key) {
			continue
		}
		if slices.ContainsFunc(tags, func(n Tag) bool { return strings.EqualFold(n.Key, t.Key) }) {
			return nil, nil, arca.Errorf(arca.EInvalid, "The transitive session tag %s cannot be overridden in a role chain.", t.Key)
		}
		out = append(out, t)
		if !containsFold(keys, t.Key) {
			keys = append(keys, t.Key)
		}
	}
	return out, keys, nil
}

// addRequestTags sets aws:RequestTag/K, aws:TagKeys and
// sts:TransitiveTagKeys for the session tags of a request.
func addRequestTags(ctx map[string][]string, tags []Tag, transitive []string) {
	if len(tags) == 0 {
		return
	}
	var keys []string
	for _, t := range tags {
		ctx[authz.KeyRequestTag+t.Key] = []string{t.Value}
		keys = append(keys, t.Key)
	}
	ctx[authz.KeyTagKeys] = keys
	if len(transitive) > 0 {
		ctx["sts:TransitiveTagKeys"] = transitive
	}
}
