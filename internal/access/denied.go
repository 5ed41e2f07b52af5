package access

import (
	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
)

// Denial is the engine's reason for a refusal. Authorize's EDenied error
// wraps one; find it with errors.As for the audit event or the log. It
// never holds a secret.
type Denial struct {
	Principal, Action, Resource string
	Decision                    authz.Decision
}

// Error implements error.
func (d *Denial) Error() string {
	return "access denied: " + d.Decision.Outcome.String() + " " + d.Decision.Reason.PolicyID
}

// denied words a refusal as AWS does.
func denied(c *arca.Caller, a arca.Access, d authz.Decision) error {
	who := "anonymous"
	if c != nil {
		who = c.ARN
	}
	return &arca.Error{
		Code:    arca.EDenied,
		Message: "User: " + who + " is not authorized to perform: " + a.Action + " on resource: " + a.Resource + " " + tail(a.Action, d),
		Err:     &Denial{Principal: who, Action: a.Action, Resource: a.Resource, Decision: d},
	}
}

// tail is the end of AWS's AccessDenied message, after the resource:
// "because no identity-based policy allows the ACTION action" or "with an
// explicit deny in a resource-based policy".
func tail(action string, d authz.Decision) string {
	kind, noun := "an identity-based policy", "identity-based policy"
	switch d.Reason.Kind {
	case authz.Resource, authz.KeyPolicy, authz.Trust:
		kind, noun = "a resource-based policy", "resource-based policy"
	case authz.Session:
		kind, noun = "a session policy", "session policy"
	case authz.Boundary:
		kind, noun = "a permissions boundary", "permissions boundary"
	}
	if d.Outcome == authz.ExplicitDeny {
		return "with an explicit deny in " + kind
	}
	return "because no " + noun + " allows the " + action + " action"
}
