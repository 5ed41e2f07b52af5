package secrets

import (
	"context"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/decoded"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
)

// authorize asks whether the caller may perform action on resource, a
// resource without a policy of its own ("*", or a secret being created).
func (s *Service) authorize(ctx context.Context, action, resource string) error {
	return s.authorizeNamed(ctx, action, resource, "")
}

// authorizeNamed is authorize for a secret that does not exist (yet):
// name gives secretsmanager:Name.
func (s *Service) authorizeNamed(ctx context.Context, action, resource, name string) error {
	if s.az == nil {
		return nil
	}
	a := arca.Access{Action: action, Resource: resource, Context: requestKeys(ctx)}
	if name != "" {
		a.Lookup = func(k string) ([]string, bool) {
			if k == "secretsmanager:name" {
				return []string{name}, true
			}
			return nil, false
		}
	}
	return s.az.Authorize(ctx, a)
}

// authorizeRecord asks whether the caller may perform action on r: its
// full ARN (with the suffix), with its resource policy. The secret's
// condition keys (secretsmanager:Name, SecretId, KmsKeyId, ResourceTag/K
// and aws:ResourceTag/K) are computed only if a policy asks for them.
func (s *Service) authorizeRecord(ctx context.Context, r *record, action string) error {
	if s.az == nil {
		return nil
	}
	a := arca.Access{Action: action, Resource: r.ARN, Context: requestKeys(ctx), Lookup: r.conditionKey}
	if r.Policy != "" {
		a.ResourcePolicy = []byte(r.Policy)
	}
	return s.az.Authorize(ctx, a)
}

// conditionKey gives the secret's condition keys (see arca.Access.Lookup).
func (r *record) conditionKey(k string) ([]string, bool) {
	switch k {
	case "secretsmanager:name":
		return []string{r.Name}, true
	case "secretsmanager:secretid":
		return []string{r.ARN}, true
	case "secretsmanager:kmskeyid":
		if r.KeyID == "" {
			return []string{DefaultKeyAlias}, true
		}
		return []string{r.KeyID}, true
	}
	if tk, ok := authz.ResourceTagKey(k, "secretsmanager"); ok {
		for _, t := range r.Tags {
			if strings.EqualFold(t.Key, tk) {
				return []string{t.Value}, true
			}
		}
	}
	return nil, false
}

type requestKeysKey struct{}

// withRequestKeys returns ctx carrying condition keys that come from the
// request itself (the tags it sets, the version it reads), for every
// authorization of the request.
func withRequestKeys(ctx context.Context, m map[string][]string) context.Context {
	return context.WithValue(ctx, requestKeysKey{}, m)
}

func requestKeys(ctx context.Context) map[string][]string {
	m, _ := ctx.Value(requestKeysKey{}).(map[string][]string)
	return m
}

// withRequestTags is withRequestKeys for a request that sets tags:
// aws:RequestTag/K and aws:TagKeys.
func withRequestTags(ctx context.Context, tags []Tag) context.Context {
	if len(tags) == 0 {
		return ctx
	}
	keys, values := make([]string, len(tags)), make([]string, len(tags))
	for i, t := range tags {
		keys[i], values[i] = t.Key, t.Value
	}
	return withRequestKeys(ctx, authz.RequestTags(nil, keys, values))
}

// withUntagKeys is withRequestKeys for UntagResource: aws:TagKeys.
func withUntagKeys(ctx context.Context, keys []string) context.Context {
	if len(keys) == 0 {
		return ctx
	}
	return withRequestKeys(ctx, map[string][]string{authz.KeyTagKeys: keys})
}

// withVersionKeys is withRequestKeys for a read of a version:
// secretsmanager:VersionId and VersionStage, when the request names them.
func withVersionKeys(ctx context.Context, versionID, stage string) context.Context {
	if versionID == "" && stage == "" {
		return ctx
	}
	m := make(map[string][]string, 2)
	if versionID != "" {
		m[authz.KeySecretVersionID] = []string{versionID}
	}
	if stage != "" {
		m[authz.KeySecretVersionStage] = []string{stage}
	}
	return withRequestKeys(ctx, m)
}

// RandomPassword is Password for a request: the caller needs
// secretsmanager:GetRandomPassword on "*". Errors: those of Password,
// EDenied.
func (s *Service) RandomPassword(ctx context.Context, spec PasswordSpec) (arca.Value, error) {
	c, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, c.Action, "*"); err != nil {
		return nil, err
	}
	return Password(spec)
}

// resolve finds the secret that id names (see lookup) and authorizes the
// request's action on it. For a secret that does not exist, a refusal of
// the action on the ARN the id spells wins over ENotFound, as in AWS.
// Errors: ENotFound, EDenied.
func (s *Service) resolve(ctx context.Context, tx storage.Tx, c *arca.Caller, id string) (*record, error) {
	return s.resolveAs(ctx, tx, c, id, c.Action)
}

// resolveAs is resolve for another action than the request's own.
func (s *Service) resolveAs(ctx context.Context, tx storage.Tx, c *arca.Caller, id, action string) (*record, error) {
	return s.resolveIn(ctx, tx, c, id, action, nil)
}

// resolveRead is resolve for reads that do not modify the record: it
// may return a shared, cached record (see readRecord).
func (s *Service) resolveRead(ctx context.Context, tx storage.Tx, c *arca.Caller, id string) (*record, error) {
	return s.resolveIn(ctx, tx, c, id, c.Action, &s.reads)
}

func (s *Service) resolveIn(ctx context.Context, tx storage.Tx, c *arca.Caller, id, action string, cache *decoded.Cache[record]) (*record, error) {
	r, err := lookupIn(tx, c, id, cache)
	if err != nil {
		if arca.ErrorCode(err) == arca.ENotFound && s.az != nil {
			res, name := id, ""
			if _, ok := arca.ParseARN(id); !ok {
				res, name = arca.ARN("secretsmanager", c.Region, c.Account, "secret:"+id, false), id
			}
			if aerr := s.authorizeNamed(ctx, action, res, name); aerr != nil {
				return nil, aerr
			}
		}
		return nil, err
	}
	if err := s.authorizeRecord(ctx, r, action); err != nil {
		return nil, err
	}
	return r, nil
}

// serviceContext is ctx with the encryption context Secrets Manager sends
// to KMS for a version's value (SecretARN, SecretVersionId), for the
// kms:EncryptionContext condition keys of the implied KMS check.
func serviceContext(ctx context.Context, r *record, v *version) context.Context {
	if arca.CallerFrom(ctx) == nil {
		return ctx // the service's own jobs ask nothing
	}
	return kms.WithServiceContext(ctx, map[string]string{"SecretARN": r.ARN, "SecretVersionId": v.ID})
}

// kmsOpen opens a value envelope; a request (a caller in ctx) needs
// kms:Decrypt on its key. The service's own jobs (rotation, replication,
// with no caller) open without asking.
func (s *Service) kmsOpen(ctx context.Context, tx storage.Tx, region string, env, aad []byte) (arca.Value, error) {
	if arca.CallerFrom(ctx) == nil {
		return s.kms.OpenTx(tx, region, env, aad)
	}
	return s.kms.OpenTxFor(ctx, tx, region, env, aad)
}
