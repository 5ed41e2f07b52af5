// Package awssts is the AWS STS dialect: GetCallerIdentity, AssumeRole,
// GetSessionToken and AssumeRoleWithWebIdentity over the Query protocol,
// translated to the identity core (internal/identity), which issues and
// checks the temporary credentials. The OIDC tokens of
// AssumeRoleWithWebIdentity are verified here (oidc.go) against the keys
// of the issuers the server is configured to trust; the core receives only
// verified claims. Error codes are mapped in errors.go.
package awssts
