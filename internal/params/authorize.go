package params

import (
	"context"
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
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
	return s.authorizeNameWith(ctx, c, name, nil)
}

// authorizeTags is authorizeName for AddTagsToResource (values set) and
// RemoveTagsFromResource (values nil): aws:RequestTag/K and aws:TagKeys.
func (s *Service) authorizeTags(ctx context.Context, c *arca.Caller, name string, keys, values []string) error {
	if values == nil {
		return s.authorizeNameWith(ctx, c, name, map[string][]string{authz.KeyTagKeys: keys})
	}
	return s.authorizeNameWith(ctx, c, name, authz.RequestTags(nil, keys, values))
}

// authorizePut is authorizeName for PutParameter, with ssm:Overwrite.
func (s *Service) authorizePut(ctx context.Context, c *arca.Caller, name string, overwrite bool) error {
	return s.authorizeNameWith(ctx, c, name, map[string][]string{authz.KeySSMOverwrite: {strconv.FormatBool(overwrite)}})
}

// authorizeNameWith is authorizeName with request condition keys. The
// parameter's tags (aws:ResourceTag/K, ssm:ResourceTag/K) are read only
// when a policy's condition names one: authorization comes before the
// read of the record, and most policies never ask.
func (s *Service) authorizeNameWith(ctx context.Context, c *arca.Caller, name string, keys map[string][]string) error {
	if s.az == nil {
		return nil
	}
	arn, plain := name, name
	if strings.HasPrefix(name, "arn:") {
		if a, ok := arca.ParseARN(name); ok {
			// parameter/prod/x names /prod/x; parameter/x names x.
			plain = strings.TrimPrefix(a.Resource, "parameter/")
			if strings.Contains(plain, "/") {
				plain = "/" + plain
			}
		}
	} else {
		arn = ARN(c.Region, c.Account, name)
	}
	return s.az.Authorize(ctx, arca.Access{
		Action: c.Action, Resource: arn, Context: keys,
		Lookup: func(k string) ([]string, bool) {
			tk, ok := authz.ResourceTagKey(k, "ssm")
			if !ok {
				return nil, false
			}
			return s.tagValue(ctx, c.Region, plain, tk)
		},
	})
}

// serviceContext is ctx with the encryption context SSM sends to KMS for a
// SecureString (PARAMETER_ARN), for the kms:EncryptionContext condition
// keys of the implied KMS check.
func serviceContext(ctx context.Context, c *arca.Caller, name string) context.Context {
	return kms.WithServiceContext(ctx, map[string]string{"PARAMETER_ARN": ARN(c.Region, c.Account, name)})
}

// tagValue reads the value of the parameter's tag key (matched without
// regard to case); none for a parameter that does not exist.
func (s *Service) tagValue(ctx context.Context, region, name, key string) ([]string, bool) {
	var out []string
	_ = s.store.View(ctx, func(tx storage.Tx) error {
		r, err := findRecord(tx, region, name)
		if err != nil {
			return nil // a missing parameter has no tags
		}
		for _, t := range r.Tags {
			if strings.EqualFold(t.Key, key) {
				out = []string{t.Value}
			}
		}
		return nil
	})
	return out, out != nil
}
