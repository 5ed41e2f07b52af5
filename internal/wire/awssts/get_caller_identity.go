package awssts

import (
	"context"

	"github.com/arca-vault/arca"
)

type getCallerIdentityInput struct{}

type getCallerIdentityResult struct {
	UserID  string `xml:"UserId"`
	Account string `xml:"Account"`
	Arn     string `xml:"Arn"`
}

// getCallerIdentity needs no permission, as in AWS.
func (h *handler) getCallerIdentity(ctx context.Context, _ *getCallerIdentityInput) (*getCallerIdentityResult, error) {
	c := arca.CallerFrom(ctx)
	if c == nil {
		return nil, arca.Errorf(arca.EUnauthenticated, "The security token included in the request is invalid.")
	}
	return &getCallerIdentityResult{UserID: c.PrincipalID, Account: c.Account, Arn: c.ARN}, nil
}
