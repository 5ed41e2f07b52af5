// Package authz is arca's policy engine: it parses IAM-style JSON policy
// documents (identity-based, resource-based, role trust, session, permissions
// boundary and KMS key policies) and evaluates a request against them with
// AWS's policy evaluation logic.
//
// It owns the policy grammar, its validation, the matching of actions,
// resources and principals, policy variables, condition operators and the
// evaluation order. It does no I/O and reads no clock: Evaluate is a pure
// function of its arguments, and the current time reaches it as the
// aws:CurrentTime and aws:EpochTime request context keys (see SetTime).
// Finding the policies that apply to a request (storage) and wording the
// AccessDenied error of a dialect are the callers' business.
//
// It imports only the standard library and the root package arca; it must
// not import storage, the network or any other part of arca.
//
// The usual flow: Parse each document once when it is stored or loaded
// (Parse compiles every pattern, so evaluation never parses or compiles), set
// Policy.ID to the policy's ARN or name, then call Evaluate per request with
// the principal's policies in a Set. docs/authorization.md describes what is
// supported and where arca deviates from AWS.
package authz
