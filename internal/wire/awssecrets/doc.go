// Package awssecrets is the AWS Secrets Manager dialect: the secretsmanager
// JSON 1.1 operations (target prefix "secretsmanager", SigV4 service name
// "secretsmanager") translated to the core secret store (internal/secrets).
// Each operation is one file that validates input as the AWS model
// constrains it (ValidationException, in AWS's wording), calls one core
// method and encodes the result; core error codes are mapped in errors.go.
// Secret values cross this package only as arca.Value and are revealed in
// exactly one place, the encoding of a value response.
package awssecrets
