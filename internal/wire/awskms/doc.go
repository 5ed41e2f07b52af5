// Package awskms is the AWS KMS dialect (TrentService JSON operations) over
// the core key service (internal/kms). This first cut serves the key
// operations that the parameter store's runbooks use — DescribeKey,
// CreateKey, CreateAlias, ListAliases, EnableKey, DisableKey; the rest of
// the KMS API arrives with the Secrets Manager/KMS issue.
package awskms
