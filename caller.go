package arca

import "context"

// Caller is the authenticated principal of a request and the facts about the
// request that policy and audit need. The wire layer authenticates and builds
// it; the core receives it through the context and never trusts anything else
// about who is asking.
type Caller struct {
	Account     string // the account id, 12 digits
	Region      string // the region the request is addressed to (from the SigV4 scope)
	ARN         string // the principal's ARN, e.g. arn:aws:iam::000000000000:root
	PrincipalID string // the principal's unique id
	Type        string // Root, IAMUser, AssumedRole
	UserName    string // the user name, for IAMUser and Root
	AccessKeyID string // the access key that signed the request
	SourceIP    string // the client's address
	UserAgent   string // the client's User-Agent
	RequestID   string // the request id returned to the client
	// Action is the IAM action of the request ("ssm:GetParameter"), set by
	// the dialect; the core authorizes its resources against it.
	Action string
}

type callerKey struct{}

// WithCaller returns a context that carries c.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFrom returns the caller carried by ctx, or nil.
func CallerFrom(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}
