package arca

import "context"

// Access is one authorization question: may the request's caller (from the
// context) perform Action on Resource?
//
// The core asks it for every use case, with the action of the request
// (Caller.Action, e.g. "ssm:GetParameter") on the resource it resolved, and
// again for implied actions — kms:Decrypt on the key that seals a value it
// is about to open, kms:GenerateDataKey on a write — as AWS does.
type Access struct {
	Action   string // service:Operation, e.g. "secretsmanager:GetSecretValue"
	Resource string // the resource ARN, or "*"
	// ResourcePolicy is the resource's own policy document (a Secrets
	// Manager resource policy, a KMS key policy), raw JSON; nil if none.
	ResourcePolicy []byte
	// ResourceAccount owns the resource; "" = the caller's account.
	ResourceAccount string
	// Context adds condition keys that only the core knows (e.g.
	// "kms:ViaService", "secretsmanager:Name", "kms:EncryptionContext:k").
	Context map[string][]string
	// Lookup gives further condition keys on demand (resource tags, the
	// encryption context): the engine calls it with the key in lower case
	// only when a policy's condition names the key, so the read path pays
	// nothing for keys no policy uses. nil = none.
	Lookup func(lowerKey string) ([]string, bool)
	// Managed marks an AWS-managed KMS key: its default key policy lets
	// every principal of the account use it through a service.
	Managed bool
}

// Authorizer decides Access questions. Authorize returns nil when allowed,
// and an *Error with code EDenied (message in AWS's words, naming the
// caller, action and resource — never a secret) when not. A nil Authorizer
// in a core service's configuration allows everything (unit tests).
type Authorizer interface {
	Authorize(ctx context.Context, a Access) error
}

// Authorize asks az about a, allowing everything when az is nil.
func Authorize(ctx context.Context, az Authorizer, a Access) error {
	if az == nil {
		return nil
	}
	return az.Authorize(ctx, a)
}
