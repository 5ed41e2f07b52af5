package awsiam

import (
	"context"
	"net/http"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type getUserInput struct {
	UserName string
}

// getUser returns the named user or, without UserName, the caller: an IAM
// user itself, or for the root user the account's root as IAM shows it.
func (h *handler) getUser(ctx context.Context, in *getUserInput) (*userResult, error) {
	var v awsquery.Validator
	if in.UserName != "" {
		name(&v, "userName", in.UserName, 128)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := arca.CallerFrom(ctx)
	userName := in.UserName
	if userName == "" && c != nil {
		switch c.Type {
		case identity.TypeRoot:
			return &userResult{User: userXML{Path: "/", UserID: c.Account, Arn: c.ARN}}, nil
		case identity.TypeIAMUser:
			userName = c.UserName
		default:
			return nil, &awsquery.Fault{Status: http.StatusBadRequest, Code: "ValidationError", Message: "Must specify userName when calling with non-User credentials"}
		}
	}
	if err := h.allow(ctx, "GetUser", "user/"+userName); err != nil {
		return nil, err
	}
	u, err := h.id.GetUser(ctx, userName)
	if err != nil {
		return nil, err
	}
	return &userResult{User: toUser(u)}, nil
}

// callerUser returns userName, or when it is empty the calling IAM user's
// name (IAM's default for the access key and group operations).
func callerUser(ctx context.Context, userName string) (string, error) {
	if userName != "" {
		return userName, nil
	}
	if c := arca.CallerFrom(ctx); c != nil && c.Type == identity.TypeIAMUser {
		return c.UserName, nil
	}
	return "", &awsquery.Fault{Status: http.StatusBadRequest, Code: "ValidationError", Message: "Must specify userName when calling with non-User credentials"}
}
