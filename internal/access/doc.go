// Package access answers the core's authorization questions (arca.Access)
// with the policy engine: the caller's identity and session policies from
// internal/identity, the resource's own policy (a Secrets Manager resource
// policy, a KMS key policy) and the request's context keys go to
// authz.Evaluate.
//
// A refusal is an *arca.Error with code EDenied and AWS's message; it wraps
// a *Denial that carries the engine's Decision (which policy and statement
// decided), for the audit event and the log:
//
//	var d *access.Denial
//	if errors.As(err, &d) { _ = d.Decision.Reason }
//
// It imports the core identity service and authz; it must not import wire
// packages, net/http or storage engines.
package access
