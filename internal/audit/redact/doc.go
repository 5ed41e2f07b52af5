// Package redact removes secret members from the request and response
// documents that go into audit events, and renames members to CloudTrail's
// lowerCamel form ("SecretId" → "secretId").
//
// A member is secret when its name is in Members (case-insensitive): the
// members the AWS models mark "sensitive" for SSM, Secrets Manager, KMS,
// IAM and STS, plus arca's own. Redaction removes the member; it never
// hashes it, so a short value cannot be guessed from the log.
//
// It imports only the standard library.
package redact
