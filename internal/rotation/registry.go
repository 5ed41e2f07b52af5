package rotation

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

// Random is the name of the built-in function that sets a new random value
// (see secrets.BuiltinRotator).
const Random = "arca-rotate-random"

// Registry maps function names, the NAME of a Lambda-style ARN
// arn:aws:lambda:REGION:ACCOUNT:function:NAME, to functions. The account
// and region of the ARN do not matter: a name means the same function
// everywhere on a server.
type Registry map[string]Function

// FunctionName returns the function name of a Lambda ARN, without a
// version or alias qualifier; "" when lambdaARN is not a function ARN.
func FunctionName(lambdaARN string) string {
	a, ok := arca.ParseARN(lambdaARN)
	if !ok || a.Service != "lambda" {
		return ""
	}
	rest, ok := strings.CutPrefix(a.Resource, "function:")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ":")
	return name
}

// Resolve returns the function that lambdaARN names. Errors: ENotFound.
func (r Registry) Resolve(lambdaARN string) (Function, error) {
	name := FunctionName(lambdaARN)
	if f, ok := r[name]; ok && name != "" {
		return f, nil
	}
	return nil, arca.Errorf(arca.ENotFound, "No rotation function named %q is registered on this server: use a built-in function or register it in the server's configuration.", name)
}

// RandomFunction is the built-in arca-rotate-random as a Function:
// createSecret stores the next value as RotateSecret's fast path computes
// it (a new random password, or the JSON field named by the tag
// arca:rotate-field set to one); setSecret and testSecret have nothing to
// do; finishSecret promotes the pending version.
type RandomFunction struct{}

// randomPutter is the call RandomFunction needs beyond Secrets; the
// service's adapter (secrets.RotationService) has it.
type randomPutter interface {
	PutRandomPending(ctx context.Context, secretID, token string) error
}

// Invoke runs one step. Errors: EInternal when sm cannot make the value,
// and sm's errors.
func (RandomFunction) Invoke(ctx context.Context, sm Secrets, ev Event) error {
	switch ev.Step {
	case StepCreate:
		p, ok := sm.(randomPutter)
		if !ok {
			return arca.Errorf(arca.EInternal, "%s needs the rotation service's own adapter.", Random)
		}
		return p.PutRandomPending(ctx, ev.SecretID, ev.ClientRequestToken)
	case StepFinish:
		return sm.Finish(ctx, ev.SecretID, ev.ClientRequestToken)
	}
	return nil
}

// The service's adapter is the Secrets every function gets.
var (
	_ Secrets      = (*secrets.RotationService)(nil)
	_ randomPutter = (*secrets.RotationService)(nil)
)
