package authz

// Request is one authorization question: may Principal do Action on
// Resource, given the request context?
type Request struct {
	// Principal is the authenticated caller.
	Principal Principal
	// Action is the API action, e.g. "ssm:GetParameter"; matched
	// case-insensitively.
	Action string
	// Resource is the resource's ARN, or "*" when the action has none;
	// matched case-sensitively.
	Resource string
	// Context holds the request's condition keys and their values (see the
	// Key... constants), e.g. aws:SourceIp, aws:CurrentTime (the engine has
	// no clock: see SetTime), aws:RequestTag/K, secretsmanager:Name. Keys
	// match case-insensitively, as in AWS. Keys about the principal
	// (aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount,
	// aws:PrincipalType, aws:PrincipalTag/K) are derived from Principal when
	// Context does not set them.
	Context map[string][]string
	// Lookup, when set, gives the keys Context lacks on demand: it is
	// called with the key in lower case (e.g. "secretsmanager:name",
	// "aws:resourcetag/team") only when a condition names the key, so a
	// caller can offer costly keys (tags, encryption context) without
	// computing them for every request. Context wins over Lookup; the
	// derived principal keys come last.
	Lookup func(lowerKey string) ([]string, bool)
}

// Set is the policies that apply to a request.
type Set struct {
	// Identity: the principal's identity policies (its own, its groups'
	// or, for a session, the role's), managed and inline.
	Identity []*Policy
	// Resource: the policies of the resource: a resource policy, a KMS key
	// policy, or for sts:AssumeRole the role's trust policy.
	Resource []*Policy
	// Session: the session policies of a role session; none means no
	// limit.
	Session []*Policy
	// Boundary: the principal's permissions boundary; none means no limit.
	Boundary []*Policy
	// ResourceAccount is the account that owns the resource; "" means the
	// principal's own account.
	ResourceAccount string
}

// Decision is the answer of Evaluate.
type Decision struct {
	// Allowed is Outcome == Allow.
	Allowed bool
	// Outcome is Allow, ExplicitDeny or ImplicitDeny.
	Outcome Outcome
	// Reason says which statement (or missing allow) decided.
	Reason Reason
}

// Reason says what decided: for an allow, the statement that granted it
// (the resource-side statement when the resource policy had to allow); for
// an explicit deny, the denying statement; for an implicit deny, which kind
// of policy failed to allow.
type Reason struct {
	// PolicyID is the deciding policy's ID; empty when no statement
	// decided (an implicit deny, or the root user's own permissions).
	PolicyID string
	// Kind is the deciding policy's role: Identity, Resource (or Trust or
	// KeyPolicy, as parsed), Session or Boundary; for an implicit deny, the
	// kind of policy that did not allow.
	Kind Kind
	// Statement is the index of the deciding statement in
	// Policy.Statements, -1 when none.
	Statement int
	// Sid is the deciding statement's Sid, if it has one.
	Sid string
	// Start and End locate the deciding statement in its document (see
	// Statement.Start); zero when no statement decided.
	Start, End Position
	// Note explains a decision in AWS's words, e.g. "no identity-based
	// policy allows the action" or "explicit deny in a resource-based
	// policy"; empty for an allow by a statement.
	Note string
}

// hit is the best allowing statement found in one part of a Set.
type hit struct {
	level  pmatch
	reason Reason
}

// Evaluate decides req against the policies in set with AWS's evaluation
// logic:
//
//  1. An applicable Deny statement in any policy is an explicit deny.
//  2. A principal without identity policies (Anonymous, AWSService,
//     Federated) is allowed only by a resource policy naming it (or "*").
//  3. Cross-account (Principal.Account != ResourceAccount): the identity
//     policies and a resource policy must both allow.
//  4. Within the account, an identity-policy allow suffices, or a
//     resource-policy allow that names the user or session ARN itself (or
//     "*" or the session's role, subject to 5). A trust or key policy in
//     Resource must allow even then; naming the account delegates to the
//     identity policies.
//  5. Permissions boundaries and session policies, when present, must also
//     allow whatever identity policies (or resource policies naming "*" or a
//     role) grant; a resource policy naming the user or session ARN is not
//     limited by them. This follows AWS's "Permissions boundaries for IAM
//     entities" (IAM User Guide, access_policies_boundaries.html, "Resource-
//     based policies"): within an account, a resource-based policy that
//     grants to an IAM user ARN or a role session ARN is not limited by an
//     implicit deny in a boundary, while one that grants to the role ARN is;
//     and "Policy evaluation logic" (reference_policies_evaluation-logic.html):
//     an explicit deny in any policy, the boundary included, always wins.
//
// The account's root user (Type Root) has every permission in its own
// account without identity policies: only an explicit deny (in whatever
// policies the caller passes; AWS binds root only by resource policies and
// SCPs) or a trust or key policy that does not allow it refuse it.
// Evaluate reads nothing but its arguments, and allocates nothing.
func Evaluate(req Request, set Set) Decision {
	e := env{req: &req, boundaries: len(set.Boundary) > 0}
	var id, res, sess, bound hit
	if d, deny := scan(&e, set.Identity, Identity, &id); deny {
		return d
	}
	if d, deny := scan(&e, set.Resource, Resource, &res); deny {
		return d
	}
	if d, deny := scan(&e, set.Session, Session, &sess); deny {
		return d
	}
	if d, deny := scan(&e, set.Boundary, Boundary, &bound); deny {
		return d
	}
	return decide(&req.Principal, &set, &id, &res, &sess, &bound)
}

// scan evaluates the policies of one part of a Set. It returns the first
// explicit deny, and records the strongest allow in h.
func scan(e *env, ps []*Policy, slot Kind, h *hit) (Decision, bool) {
	for _, p := range ps {
		if p == nil {
			continue
		}
		kind := slot
		if slot == Resource {
			kind = p.Kind
		}
		if !p.parsed {
			return deny(p, kind, -1, "", "the policy was not returned by Parse"), true
		}
		for i := range p.Statements {
			st := &p.Statements[i]
			isDeny := st.Effect == EffectDeny
			if !isDeny && h.level == pmDirect {
				continue // nothing stronger to find; only denies matter now
			}
			level := st.applies(e, slot == Resource, isDeny)
			if level == pmNone {
				continue
			}
			if isDeny {
				d := deny(p, kind, i, st.Sid, denyNotes[kind])
				d.Reason.Start, d.Reason.End = st.Start, st.End
				return d, true
			}
			if level > h.level {
				h.level = level
				h.reason = Reason{PolicyID: p.ID, Kind: kind, Statement: i, Sid: st.Sid, Start: st.Start, End: st.End}
			}
		}
	}
	return Decision{}, false
}

func deny(p *Policy, kind Kind, i int, sid, note string) Decision {
	return Decision{Outcome: ExplicitDeny, Reason: Reason{PolicyID: p.ID, Kind: kind, Statement: i, Sid: sid, Note: note}}
}

// applies reports how the statement applies to the request: pmNone when it
// does not, otherwise how its principal element names the caller (pmDirect
// for statements without one outside resource policies).
func (st *Statement) applies(e *env, resourceSlot, isDeny bool) pmatch {
	r := e.req
	if st.Action != nil {
		if !anyMatch(st.actions, r.Action, e) {
			return pmNone
		}
	} else if anyMatch(st.actions, r.Action, e) {
		return pmNone
	}
	level := pmDirect
	switch {
	case st.princ == nil:
		if resourceSlot && !isDeny {
			return pmNone // a statement naming nobody grants nobody anything
		}
	case st.NotPrincipal != nil:
		if st.princ.excludes(&r.Principal, e.boundaries) {
			return pmNone
		}
	default:
		if level = st.princ.match(&r.Principal); level == pmNone {
			return pmNone
		}
	}
	e.unresolved = false
	switch {
	case st.Resource != nil:
		if !anyResource(st.resources, e) {
			return pmNone
		}
	case st.NotResource != nil:
		if anyResource(st.resources, e) || (e.unresolved && !isDeny) {
			return pmNone
		}
	}
	for i := range st.Condition {
		c := &st.Condition[i].c
		e.unresolved = false
		if !c.eval(e) || (c.neg && e.unresolved && !isDeny) {
			return pmNone
		}
	}
	return level
}
