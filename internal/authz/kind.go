package authz

// Kind is what a policy document is attached to. It decides which grammar
// Parse enforces and which part the policy plays in Evaluate.
type Kind uint8

// The kinds of policy document. Identity, Boundary and Session documents share
// one grammar (no Principal, a Resource required); Resource and KeyPolicy
// documents name a Principal; Trust documents name a Principal, only sts
// actions and no Resource.
const (
	// Identity is a policy attached to a user, group or role (managed or
	// inline).
	Identity Kind = iota + 1
	// Resource is a policy attached to a resource, such as a secret's
	// resource policy.
	Resource
	// Trust is a role's trust (assume-role) policy, evaluated as the role's
	// resource policy for sts:AssumeRole and its kin. A trust policy must
	// allow even within the role's account.
	Trust
	// Session is a session policy passed to AssumeRole; it limits the
	// session to the intersection with the role's identity policies.
	Session
	// Boundary is a permissions boundary: a managed policy that caps what
	// identity policies (and resource policies naming a role) can grant.
	Boundary
	// KeyPolicy is a KMS key policy: a resource policy that must allow even
	// within the key's account, and whose account principal
	// (arn:aws:iam::ID:root) delegates to the account's identity policies.
	KeyPolicy
)

// String returns the kind as AWS names it in AccessDenied messages, e.g.
// "identity-based policy".
func (k Kind) String() string {
	switch k {
	case Identity:
		return "identity-based policy"
	case Resource:
		return "resource-based policy"
	case Trust:
		return "role trust policy"
	case Session:
		return "session policy"
	case Boundary:
		return "permissions boundary"
	case KeyPolicy:
		return "key policy"
	}
	return "unknown policy kind"
}

// withArticle returns the kind's name with "a" or "an" before it.
func (k Kind) withArticle() string {
	if k == Identity {
		return "an " + k.String()
	}
	return "a " + k.String()
}

// resourceSide reports whether documents of kind k name principals.
func (k Kind) resourceSide() bool { return k == Resource || k == Trust || k == KeyPolicy }

// mandatory reports whether a policy of kind k must allow a request even when
// the caller is in the resource's account.
func (k Kind) mandatory() bool { return k == Trust || k == KeyPolicy }

// Effect is a statement's Effect element.
type Effect string

// The two effects a statement can have.
const (
	EffectAllow Effect = "Allow"
	EffectDeny  Effect = "Deny"
)

// Outcome is the result of an evaluation. Its zero value is ImplicitDeny.
type Outcome uint8

// The outcomes of Evaluate, as AWS names them.
const (
	// ImplicitDeny: nothing allowed the request (or a required policy did
	// not).
	ImplicitDeny Outcome = iota
	// Allow: the policies allow the request.
	Allow
	// ExplicitDeny: a Deny statement applies; nothing can override it.
	ExplicitDeny
)

// String returns "Allow", "ExplicitDeny" or "ImplicitDeny".
func (o Outcome) String() string {
	switch o {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}
