// Package identity is arca's core of principals and credentials: access
// keys, whom they belong to, and the authenticated caller a verified request
// becomes.
//
// This first cut knows the account's root principal and its access keys;
// users, roles, policies and STS sessions (the IAM issue) extend the same
// records. Secret access keys are stored wrapped by the root key.
//
// identity imports storage (the contract) and keyring; never net/http, an
// engine or a dialect.
package identity
