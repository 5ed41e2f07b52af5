package inject

import (
	"context"
	"errors"
	"fmt"
)

// Batch limits of the AWS APIs that Resolve batches its reads into.
const (
	// MaxParameterBatch is GetParameters' limit of names per call.
	MaxParameterBatch = 10
	// MaxSecretBatch is BatchGetSecretValue's limit of secret ids per call.
	MaxSecretBatch = 20
)

// The classes of read failure that Reader implementations report, so that
// the resolver can tell "absent" (a default or an optional variable
// applies) from "refused" and "unreachable" (always an error).
var (
	// ErrNotFound: no such parameter, secret, version, stage or JSON key.
	ErrNotFound = errors.New("not found")
	// ErrDenied: the caller may not read it (or its credentials were refused).
	ErrDenied = errors.New("access denied")
	// ErrUnreachable: the server did not answer.
	ErrUnreachable = errors.New("server unreachable")
)

// Parameter is an SSM parameter as read.
type Parameter struct {
	// Name is the parameter's name as the service reports it.
	Name string
	// Type is String, StringList or SecureString.
	Type string
	// Value is the (decrypted) value; empty in version-only reads.
	Value string
	// Version is the parameter's version number, in decimal.
	Version string
}

// Secret is one version of a Secrets Manager secret as read.
type Secret struct {
	// ARN is the secret's full ARN.
	ARN string
	// VersionID is the version read.
	VersionID string
	// String is the SecretString; Binary is set instead for binary secrets.
	String string
	Binary bool
}

// ParameterResult is a Parameter or the error reading it.
type ParameterResult struct {
	Parameter
	Err error
}

// SecretResult is a Secret or the error reading it.
type SecretResult struct {
	Secret
	Err error
}

// Reader reads from the store. Each method is one logical request; the
// implementation may split or retry it (e.g. one GetSecretValue per id
// when BatchGetSecretValue is refused) but reports every item separately,
// with errors wrapping ErrNotFound, ErrDenied or ErrUnreachable where they
// apply. An empty region means the default one. Errors name items, never
// values.
type Reader interface {
	// Parameters reads up to MaxParameterBatch parameters (names or ARNs),
	// decrypted; the results are in the order of names.
	Parameters(ctx context.Context, region string, names []string) []ParameterResult
	// Secrets reads up to MaxSecretBatch secret versions; the results are
	// in the order of refs.
	Secrets(ctx context.Context, region string, refs []SecretRef) []SecretResult
	// ParametersByPath reads every parameter under path (one level, or all
	// levels when recursive), decrypted, following pagination.
	ParametersByPath(ctx context.Context, region, path string, recursive bool) ([]Parameter, error)
}

// VersionReader reads versions without values, for --watch: a changed
// version means the value must be read again.
type VersionReader interface {
	// ParameterVersions reads the versions of up to MaxParameterBatch
	// parameters (Parameter.Value is not set), in the order of names.
	ParameterVersions(ctx context.Context, region string, names []string) []ParameterResult
	// SecretVersion reports the version id that ref currently selects
	// (DescribeSecret's VersionIdsToStages; a pinned VersionID selects itself).
	SecretVersion(ctx context.Context, ref SecretRef) (string, error)
	// PathVersions reads name and version of every parameter under path.
	PathVersions(ctx context.Context, region, path string, recursive bool) ([]Parameter, error)
}

// classified is an error with a message of its own that errors.Is
// matches to one of the classes above.
type classified struct {
	msg   string
	class error
}

// Error returns the message.
func (e *classified) Error() string { return e.msg }

// Unwrap returns the class.
func (e *classified) Unwrap() error { return e.class }

// notFoundf returns an ErrNotFound with its own message.
func notFoundf(format string, args ...any) error {
	return &classified{msg: fmt.Sprintf(format, args...), class: ErrNotFound}
}
