package params

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
)

// authorize asks whether the caller may perform its request's action
// (Caller.Action, e.g. "ssm:GetParameter") on resource. Errors: EDenied,
// and those of the Authorizer.
func (s *Service) authorize(ctx context.Context, c *arca.Caller, resource string) error {
	return arca.Authorize(ctx, s.az, arca.Access{Action: c.Action, Resource: resource})
}

// authorizeName authorizes the request's action on the parameter that
// name (a name or an ARN) names.
func (s *Service) authorizeName(ctx context.Context, c *arca.Caller, name string) error {
	if strings.HasPrefix(name, "arn:") {
		return s.authorize(ctx, c, name)
	}
	return s.authorize(ctx, c, ARN(c.Region, c.Account, name))
}
