// Package secrets is arca's core secret store: named secrets whose values
// are kept as versions, each version carrying staging labels (AWSCURRENT,
// AWSPREVIOUS, AWSPENDING and custom ones); deletion with a recovery window
// and restore; tags; resource policies; rotation settings and the AWSPENDING
// state machine, with a built-in random rotator; read-only replicas in other
// regions kept in sync in the same transaction as every change of their
// primary; and the random password generator.
//
// The concepts are the ones AWS Secrets Manager defines, and the AWS dialect
// (internal/wire/awssecrets) is a thin adapter over this package; the Vault
// and GCP dialects reuse the same versions and stages.
//
// Every method takes the request's context, which must carry an
// *arca.Caller: the caller's region is the namespace (a region is one
// namespace of the same server, which is what makes replication real) and
// its account names the ARNs. Errors are *arca.Error values with codes the
// dialects map to their own vocabulary; no error message ever contains a
// secret value.
//
// Values are sealed through kms.Service.SealTx under the secret's KMS key
// (default alias/aws/secretsmanager), bound by associated data to the region,
// the secret's ARN — whose random suffix differs for every secret ever
// created under a name, so a deleted and re-created secret never opens the
// old one's data — and the version id.
//
// Every use case authorizes the request's action (Caller.Action) on the
// secret's full ARN with its resource policy through Config.Authorizer,
// kms:Decrypt on a value read and kms:GenerateDataKey on a write; the
// service's own jobs (rotation, replication) run without a caller and ask
// nothing. A refusal is EDenied. See docs/authorization.md.
//
// secrets imports storage (the contract), kms and keyring; never net/http, a
// storage engine or a dialect.
package secrets
