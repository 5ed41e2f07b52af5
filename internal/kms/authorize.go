package kms

import (
	"context"
	"slices"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/storage"
)

// action returns the IAM action of the request in ctx ("kms:Decrypt").
func action(ctx context.Context) string {
	if c := arca.CallerFrom(ctx); c != nil {
		return c.Action
	}
	return ""
}

// authorizeKey asks the Authorizer whether the caller may perform act
// ("" = the request's own action) on k: the key's ARN with its key policy,
// or, for an AWS-managed key, its default policy (Managed). Errors: EDenied,
// and those of the Authorizer.
func (s *Service) authorizeKey(ctx context.Context, tx storage.Tx, k *Key, act string) error {
	if s.az == nil {
		return nil
	}
	if act == "" {
		act = action(ctx)
	}
	a := arca.Access{Action: act, Resource: k.ARN(), ResourceAccount: k.Account, Context: requestTags(ctx)}
	ec, hasEC := ctx.Value(contextKeysKey{}).(map[string]string)
	c := arca.CallerFrom(ctx)
	a.Lookup = func(key string) ([]string, bool) {
		return keyCondition(c, k, ec, hasEC, key)
	}
	if k.Manager == ManagerAWS {
		a.Managed = true
	} else {
		doc, err := s.policyOf(tx, k)
		if err != nil {
			return err
		}
		a.ResourcePolicy = []byte(doc)
	}
	return s.az.Authorize(ctx, a)
}

// keyCondition gives the condition keys of a request on key k (see
// arca.Access.Lookup): kms:CallerAccount, kms:ViaService when another
// service (SSM, Secrets Manager) calls KMS on the caller's behalf,
// kms:EncryptionContext:K and kms:EncryptionContextKeys for the calls that
// carry one (hasEC), and aws:ResourceTag/K from the key's tags.
func keyCondition(c *arca.Caller, k *Key, ec map[string]string, hasEC bool, key string) ([]string, bool) {
	switch key {
	case "kms:calleraccount":
		if c != nil {
			return []string{c.Account}, true
		}
		return nil, false
	case "kms:viaservice":
		// The request's own action names the service that called: a
		// kms: action is a direct call, which has no kms:ViaService.
		if c == nil {
			return nil, false
		}
		svc, _, ok := strings.Cut(c.Action, ":")
		if !ok || svc == "kms" {
			return nil, false
		}
		region := c.Region
		if region == "" {
			region = k.Region
		}
		return []string{svc + "." + region + ".amazonaws.com"}, true
	case "kms:encryptioncontextkeys":
		if !hasEC || len(ec) == 0 {
			return nil, false
		}
		keys := make([]string, 0, len(ec))
		for ck := range ec {
			keys = append(keys, ck)
		}
		slices.Sort(keys)
		return keys, true
	}
	if ck, ok := strings.CutPrefix(key, "kms:encryptioncontext:"); ok && hasEC {
		// Encryption context keys are case-sensitive in AWS, but the engine
		// hands keys over lower-cased: an exact match wins, else one that
		// differs only in case.
		var found []string
		for k, v := range ec {
			if strings.EqualFold(k, ck) {
				if k == ck {
					return []string{v}, true
				}
				found = []string{v}
			}
		}
		return found, found != nil
	}
	if tk, ok := authz.ResourceTagKey(key, ""); ok {
		for _, t := range k.Tags {
			if strings.EqualFold(t.Key, tk) {
				return []string{t.Value}, true
			}
		}
	}
	return nil, false
}

type contextKeysKey struct{}

// withEncryptionContext returns ctx carrying a request's encryption
// context for the kms:EncryptionContext condition keys (an empty one too:
// the call carries a context, an empty one).
func withEncryptionContext(ctx context.Context, ec map[string]string) context.Context {
	if ec == nil {
		ec = map[string]string{}
	}
	return context.WithValue(ctx, contextKeysKey{}, ec)
}

// WithServiceContext returns ctx carrying the encryption context that a
// service (SSM: PARAMETER_ARN; Secrets Manager: SecretARN and
// SecretVersionId) would send to KMS for the caller, so that
// kms:EncryptionContext:K conditions see it on SealTxFor and OpenTxFor.
// arca binds values with its own associated data; this is for policies only.
func WithServiceContext(ctx context.Context, ec map[string]string) context.Context {
	return withEncryptionContext(ctx, ec)
}

// GenerateRandomFor is GenerateRandom for a request: the caller needs
// kms:GenerateRandom on "*", as in AWS. Errors: those of GenerateRandom,
// EDenied.
func (s *Service) GenerateRandomFor(ctx context.Context, n int) (arca.Value, error) {
	if err := s.authorize(ctx, "*"); err != nil {
		return nil, err
	}
	return s.GenerateRandom(n)
}

// authorize asks about the request's action on a resource that has no
// policy of its own: "*" (CreateKey, ListKeys, ListAliases) or an alias ARN.
func (s *Service) authorize(ctx context.Context, resource string) error {
	return arca.Authorize(ctx, s.az, arca.Access{Action: action(ctx), Resource: resource, Context: requestTags(ctx)})
}

type requestTagsKey struct{}

// withRequestTags returns ctx carrying aws:RequestTag/K and aws:TagKeys
// for a request that sets tags (CreateKey, TagResource); with values nil,
// only aws:TagKeys (UntagResource).
func withRequestTags(ctx context.Context, keys, values []string) context.Context {
	if len(keys) == 0 {
		return ctx
	}
	var m map[string][]string
	if values == nil {
		m = map[string][]string{authz.KeyTagKeys: keys}
	} else {
		m = authz.RequestTags(nil, keys, values)
	}
	return context.WithValue(ctx, requestTagsKey{}, m)
}

func requestTags(ctx context.Context) map[string][]string {
	m, _ := ctx.Value(requestTagsKey{}).(map[string][]string)
	return m
}

// withTags is withRequestTags for the tags a request sets.
func withTags(ctx context.Context, tags []Tag) context.Context {
	var keys, values []string
	for _, t := range tags {
		keys, values = append(keys, t.Key), append(values, t.Value)
	}
	return withRequestTags(ctx, keys, values)
}

// SealTxFor is SealTx for a request: it first asks whether the caller may
// perform act (kms:Encrypt for the parameter store, kms:GenerateDataKey for
// Secrets Manager) on the key, as AWS does when a service encrypts on a
// caller's behalf. Errors: those of SealTx, EDenied.
func (s *Service) SealTxFor(ctx context.Context, tx storage.Tx, region, ref string, plaintext, aad []byte, act string) ([]byte, *Key, error) {
	k, err := s.ResolveTx(tx, region, ref)
	if err != nil {
		return nil, nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, act); err != nil {
		return nil, nil, err
	}
	return s.SealTx(tx, region, ref, plaintext, aad)
}

// OpenTxFor is OpenTx for a request: it first asks whether the caller may
// perform kms:Decrypt on the envelope's key. Errors: those of OpenTx,
// EDenied.
func (s *Service) OpenTxFor(ctx context.Context, tx storage.Tx, region string, envelope, aad []byte) (arca.Value, error) {
	k, n, err := s.keyOf(tx, region, envelope)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeKey(ctx, tx, k, "kms:Decrypt"); err != nil {
		return nil, err
	}
	if err := k.Usable(); err != nil {
		return nil, err
	}
	return s.open(k, n, envelope, aad)
}

// checkLockout is KMS's key policy lockout safety check: the policy doc
// for key k must allow the caller (the principal making the request) to
// call PutKeyPolicy on the key afterwards, so that nobody locks the key's
// policy against every change by mistake. Like every decision it counts
// the caller's IAM policies when the key policy delegates to the account.
// Errors: EBadPolicy with KMS's message; EUnavailable, EInternal from the
// Authorizer.
func (s *Service) checkLockout(ctx context.Context, k *Key, doc string) error {
	if s.az == nil || arca.CallerFrom(ctx) == nil {
		return nil
	}
	err := s.az.Authorize(ctx, arca.Access{
		Action: "kms:PutKeyPolicy", Resource: k.ARN(), ResourceAccount: k.Account, ResourcePolicy: []byte(doc),
		Lookup: func(key string) ([]string, bool) { return keyCondition(arca.CallerFrom(ctx), k, nil, false, key) },
	})
	if arca.ErrorCode(err) == arca.EDenied {
		return arca.Errorf(arca.EBadPolicy, "The new key policy will not allow you to update the key policy in the future.")
	}
	return err
}
