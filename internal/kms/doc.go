// Package kms is arca's core key service: the KMS keys that wrap every data
// key, their versions, aliases, states, tags and policies, the KMS
// cryptographic operations (Encrypt, Decrypt, ReEncrypt, data keys), and the
// envelope operations that other core services use to seal and open values
// (SealTx, OpenTx, ResolveTx).
//
// Key records live in the store with their material wrapped by the root key
// (see package keyring); a rotation adds a version and keeps the old ones
// for decryption. The AWS-managed keys alias/aws/ssm and
// alias/aws/secretsmanager are created on first use, as AWS does, and their
// account may not manage them. A key scheduled for deletion is gone once its
// window has passed by the service's clock; PurgeDue (run by RunPurger)
// removes its records.
//
// Every exported method documents the arca error codes it returns; the
// dialect (internal/wire/awskms) maps them to AWS's names. Messages never
// contain key material or plaintext.
//
// Every request is authorized through Config.Authorizer: the request's
// action (Caller.Action) on the key's ARN with its key policy (an
// AWS-managed key as Access.Managed), "*" for CreateKey, ListKeys and
// ListAliases; SealTxFor and OpenTxFor do the same for the services that
// seal on a caller's behalf. A refusal is EDenied. See
// docs/authorization.md.
//
// kms imports storage (the contract) and keyring; never net/http, an engine
// or a dialect.
package kms
