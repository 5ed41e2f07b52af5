// Package identity is arca's core of principals, credentials and the
// policies attached to them: the account's root access keys; IAM users,
// groups (membership), roles (trust policy, maximum session duration),
// inline policies and customer managed policies with versions and
// attachments; users' access keys; and the temporary credentials that STS
// issues (AssumeRole, GetSessionToken, AssumeRoleWithWebIdentity).
//
// All of it is account-wide (IAM is global) and lives in the storage
// contract under "iam/…": one JSON record per user, group and role holding
// its inline policies and attachments, one per managed policy with its
// versions, one per access key and one per session. Secret access keys are
// stored wrapped by the root key; of session tokens only a hash is kept.
//
// Authentication (Secret, Authenticate) re-reads every record it depends on
// at each request, so deactivating or deleting a key, deleting a user or a
// role, or the expiry of a session takes effect on the very next request.
// PolicySet gives the policy engine (internal/authz) the caller's principal
// and compiled policies; documents are validated with authz.Parse when they
// are written and compiled once per distinct content.
//
// identity imports storage (the contract), keyring and authz; never
// net/http, an engine or a dialect.
package identity
