// Package params is arca's core parameter store: hierarchical, versioned,
// labelled and tagged parameters of type String, StringList and SecureString,
// with SecureString values envelope-encrypted under a KMS key and bound to
// their name and version.
//
// Every method takes the request's context, which must carry an
// *arca.Caller: the caller's region is the namespace, and its ARN is
// recorded as the last modifier. A root-level name may be spelled with or
// without its leading slash: as in AWS, "/name" and "name" share one ARN and
// are one parameter, listed at path "/". Errors are *arca.Error values with codes
// the dialects map to their own vocabulary.
//
// Every use case authorizes the request's action (Caller.Action) on the
// parameter's ARN through Config.Authorizer (the path's ARN for
// ListByPath, "*" for Describe), and kms:Decrypt / kms:Encrypt on a
// SecureString's key; a refusal is EDenied. See docs/authorization.md.
//
// params imports storage (the contract), kms and keyring; never net/http, a
// storage engine or a dialect. The AWS SSM dialect (internal/wire/awsssm) is
// a thin adapter over it.
package params
