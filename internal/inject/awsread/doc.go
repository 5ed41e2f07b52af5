// Package awsread implements inject.Reader and inject.VersionReader with
// aws-sdk-go-v2's SSM and Secrets Manager clients, so that injection works
// against any arca server and against AWS itself.
//
// It batches as the APIs allow (GetParameters, BatchGetSecretValue) and
// falls back to one request per item where a batch is refused — a role
// allowed secretsmanager:GetSecretValue but not BatchGetSecretValue, as in
// the usual ECS task role policies — or where a batch answer must be
// attributed to one variable (a denied GetParameters). Service errors are
// classified as inject.ErrNotFound, inject.ErrDenied or
// inject.ErrUnreachable; their messages come from the service and never
// hold a secret value. It imports inject and the SDK, never the server or
// the core services.
package awsread
