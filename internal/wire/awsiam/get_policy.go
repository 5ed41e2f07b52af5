package awsiam

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// GetPolicy and DeletePolicy.

type policyARNInput struct {
	PolicyArn string
}

// policyARN validates a PolicyArn member and asks the Authorizer.
func (h *handler) policyARN(ctx context.Context, action, arn string) error {
	var v awsquery.Validator
	v.Required("policyArn", arn != "")
	if arn != "" {
		v.Len("policyArn", arn, 20, 2048)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if a, ok := arca.ParseARN(arn); !ok || a.Service != "iam" {
		return arca.Errorf(arca.EInvalid, "ARN %s is not valid.", arn)
	}
	return h.authorize(ctx, "iam:"+action, arn)
}

func (h *handler) getPolicy(ctx context.Context, in *policyARNInput) (*policyResult, error) {
	if err := h.policyARN(ctx, "GetPolicy", in.PolicyArn); err != nil {
		return nil, err
	}
	p, err := h.id.GetPolicy(ctx, in.PolicyArn)
	if err != nil {
		return nil, err
	}
	return &policyResult{Policy: toPolicy(p)}, nil
}

func (h *handler) deletePolicy(ctx context.Context, in *policyARNInput) (*struct{}, error) {
	if err := h.policyARN(ctx, "DeletePolicy", in.PolicyArn); err != nil {
		return nil, err
	}
	return nil, h.id.DeletePolicy(ctx, in.PolicyArn)
}
