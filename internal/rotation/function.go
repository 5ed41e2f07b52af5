// Package rotation runs secret rotations: the scheduler that starts them
// when RotationRules say so, the runner that drives a rotation function
// through AWS's four steps, and the registry of functions (built-in and
// external) named by Lambda-style ARNs. See docs/rotation.md.
//
// It drives the core (secrets, kms) and must not import the wire packages,
// net/http or a storage engine; functions that talk to databases or the
// network live in subpackages (dbrotate, external).
package rotation

import (
	"context"

	"github.com/arca-vault/arca"
)

// Step is one of the four steps of AWS's rotation contract.
type Step string

// The four steps, in the order the runner invokes them.
const (
	StepCreate Step = "createSecret" // store a new value as AWSPENDING
	StepSet    Step = "setSecret"    // set it in the target (database, cache…)
	StepTest   Step = "testSecret"   // log in with it
	StepFinish Step = "finishSecret" // move AWSCURRENT to it
)

// Steps lists the steps in order.
var Steps = []Step{StepCreate, StepSet, StepTest, StepFinish}

// Event is what a rotation function receives, exactly as AWS invokes a
// rotation Lambda (and, JSON-encoded, what an external function gets).
type Event struct {
	SecretID           string `json:"SecretId"` // the secret's ARN
	ClientRequestToken string `json:"ClientRequestToken"`
	Step               Step   `json:"Step"`
}

// Function is a rotation function. Invoke runs one step; it must be
// idempotent, as AWS requires of rotation Lambdas, because the runner
// retries steps after failures and restarts.
type Function interface {
	Invoke(ctx context.Context, sm Secrets, ev Event) error
}

// Secrets is the Secrets Manager surface a rotation function uses, the
// calls AWS's rotation templates make. It acts as the rotation service on
// the secret being rotated (and on a master secret it names), not as the
// caller that configured the rotation.
type Secrets interface {
	// GetValue returns the value of the version named by versionID, or by
	// stage when versionID is "". Errors: ENotFound when there is none.
	GetValue(ctx context.Context, secretID, versionID, stage string) (arca.Value, error)
	// PutPending stores value as the version token with the AWSPENDING
	// stage; storing the same value again is a no-op.
	PutPending(ctx context.Context, secretID, token string, value arca.Value) error
	// Stages returns the version ids and their stages.
	Stages(ctx context.Context, secretID string) (map[string][]string, error)
	// Tags returns the secret's tags.
	Tags(ctx context.Context, secretID string) (map[string]string, error)
	// Finish moves AWSCURRENT to the version token (AWSPREVIOUS to the one
	// it leaves) and removes AWSPENDING.
	Finish(ctx context.Context, secretID, token string) error
	// RandomPassword returns a password as GetRandomPassword makes one, with
	// the options given in the secret's tags (see the built-in functions).
	RandomPassword(ctx context.Context, secretID string) (arca.Value, error)
}
