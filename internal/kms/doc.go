// Package kms is arca's core key service: the KMS keys that wrap every data
// key, their versions, aliases and states, and the envelope operations that
// other core services use to seal and open values.
//
// Key records live in the store with their material wrapped by the root key
// (see package keyring). The AWS-managed keys alias/aws/ssm and
// alias/aws/secretsmanager are created on first use, as AWS does.
//
// kms imports storage (the contract) and keyring; never net/http, an engine
// or a dialect.
package kms
