package secrets

import (
	"context"
	"slices"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// ServicePrincipal is the identity the rotation service acts as, as AWS's
// CloudTrail names it.
const ServicePrincipal = "secretsmanager.amazonaws.com"

// ServiceCaller returns the caller the rotation service acts as in an
// account and region: an AWSService identity, root-equivalent on the
// secrets it rotates. It is not a principal a request can authenticate as.
func ServiceCaller(region, account string) *arca.Caller {
	return &arca.Caller{
		Account: account, Region: region, ARN: ServicePrincipal, PrincipalID: ServicePrincipal,
		Type: "AWSService", UserName: ServicePrincipal, SourceIP: ServicePrincipal, UserAgent: ServicePrincipal,
	}
}

// SetRotator sets the Rotator that RotateSecret hands rotations to; call it
// before the Service serves requests.
func (s *Service) SetRotator(r Rotator) { s.rotator = r }

// RotationService is the Secrets Manager surface a rotation function uses
// (package rotation's Secrets), acting as the rotation service in one region
// and account: it reads and writes any secret there without a policy
// check, as AWS's rotation service principal does, and its values are
// sealed and opened as the service's own acts.
type RotationService struct {
	s      *Service
	caller *arca.Caller
}

// RotationService returns the rotation service's view of the secrets of
// region and account.
func (s *Service) RotationService(region, account string) *RotationService {
	return &RotationService{s: s, caller: ServiceCaller(region, account)}
}

// GetValue returns the value of the version named by versionID, or by stage
// when versionID is "". Errors: ENotFound, EDecrypt.
func (rs *RotationService) GetValue(ctx context.Context, secretID, versionID, stage string) (arca.Value, error) {
	var out arca.Value
	err := rs.s.store.View(ctx, func(tx storage.Tx) error {
		r, err := lookup(tx, rs.caller, secretID)
		if err != nil {
			return err
		}
		var v *version
		if versionID != "" {
			if v = r.find(versionID); v != nil && stage != "" && !slices.Contains(v.Stages, stage) {
				v = nil
			}
		} else {
			v = r.owner(stage)
		}
		if v == nil || v.Kind == "" {
			return arca.Errorf(arca.ENotFound, "Secrets Manager can't find the specified secret value for VersionId %q, staging label %q.", versionID, stage)
		}
		c, err := rs.s.open(context.Background(), tx, r, v)
		if err != nil {
			return err
		}
		out = c.Data
		return nil
	})
	return out, err
}

// PutPending stores value as the version token with the AWSPENDING stage;
// storing the same value again is a no-op. Errors: ENotFound, EConflict
// (deleted, replica), EExists (the version holds another value), ELimit.
func (rs *RotationService) PutPending(ctx context.Context, secretID, token string, value arca.Value) error {
	return rs.update(ctx, secretID, func(tx storage.Tx, r *record) (map[string]Content, error) {
		c := Content{Data: value}
		if cur := r.owner(StageCurrent); cur != nil && cur.Kind == kindBinary {
			c.Binary = true
		}
		v, created, err := rs.s.putVersion(context.Background(), tx, r, token, c, []string{StagePending})
		if err != nil || !created {
			return nil, err
		}
		return map[string]Content{v.ID: c}, nil
	})
}

// PutRandomPending stores, as the version token with the AWSPENDING stage,
// the next value of the built-in function arca-rotate-random (see
// rotatedValue); a version that already holds a value is left as it is.
func (rs *RotationService) PutRandomPending(ctx context.Context, secretID, token string) error {
	return rs.update(ctx, secretID, func(tx storage.Tx, r *record) (map[string]Content, error) {
		if v := r.find(token); v != nil && v.Kind != "" {
			return nil, nil
		}
		next, err := rs.s.rotatedValue(tx, r)
		if err != nil {
			return nil, err
		}
		v, _, err := rs.s.putVersion(context.Background(), tx, r, token, next, []string{StagePending})
		if err != nil {
			return nil, err
		}
		return map[string]Content{v.ID: next}, nil
	})
}

// Stages returns the version ids of the secret's labelled versions and
// their stages. Errors: ENotFound.
func (rs *RotationService) Stages(ctx context.Context, secretID string) (map[string][]string, error) {
	var out map[string][]string
	err := rs.s.store.View(ctx, func(tx storage.Tx) error {
		r, err := lookup(tx, rs.caller, secretID)
		if err != nil {
			return err
		}
		out = r.stageMap()
		return nil
	})
	return out, err
}

// Tags returns the secret's tags. Errors: ENotFound.
func (rs *RotationService) Tags(ctx context.Context, secretID string) (map[string]string, error) {
	var out map[string]string
	err := rs.s.store.View(ctx, func(tx storage.Tx) error {
		r, err := lookup(tx, rs.caller, secretID)
		if err != nil {
			return err
		}
		out = make(map[string]string, len(r.Tags))
		for _, t := range r.Tags {
			out[t.Key] = t.Value
		}
		return nil
	})
	return out, err
}

// Finish moves AWSCURRENT to the version token (AWSPREVIOUS to the one it
// leaves) and removes AWSPENDING; when token is already AWSCURRENT it only
// removes a stray AWSPENDING from it. Errors: ENotFound, EConflict,
// EInvalid (no such version, or it holds no value).
func (rs *RotationService) Finish(ctx context.Context, secretID, token string) error {
	return rs.update(ctx, secretID, func(_ storage.Tx, r *record) (map[string]Content, error) {
		v := r.find(token)
		if v == nil || v.Kind == "" {
			return nil, arca.Errorf(arca.EInvalid, "The version %s does not exist or holds no value.", token)
		}
		if v == r.owner(StageCurrent) && r.owner(StagePending) == nil {
			return nil, nil
		}
		rs.s.finish(r, v)
		return nil, nil
	})
}

// RandomPassword returns a password as GetRandomPassword makes one: 32
// characters without the ones that break connection strings and shells,
// changed by the secret's tags arca:password-length,
// arca:exclude-characters and arca:exclude-punctuation ("true").
// Errors: ENotFound, EInvalid (a tag's value).
func (rs *RotationService) RandomPassword(ctx context.Context, secretID string) (arca.Value, error) {
	tags, err := rs.Tags(ctx, secretID)
	if err != nil {
		return nil, err
	}
	spec := rotatedPassword
	if n, ok := tags[PasswordLengthTag]; ok {
		if spec.Length, err = strconv.Atoi(n); err != nil {
			return nil, arca.Errorf(arca.EInvalid, "The tag %s must be a number.", PasswordLengthTag)
		}
	}
	if x, ok := tags[ExcludeCharactersTag]; ok {
		spec.ExcludeCharacters = x
	}
	spec.ExcludePunctuation = tags[ExcludePunctuationTag] == "true"
	return Password(spec)
}

// Tags that shape RandomPassword.
const (
	PasswordLengthTag     = "arca:password-length"
	ExcludeCharactersTag  = "arca:exclude-characters"
	ExcludePunctuationTag = "arca:exclude-punctuation"
)

// update runs fn on the secret, which must be writable, in a read-write
// transaction and saves it; fn returns the values it added, for the
// replicas.
func (rs *RotationService) update(ctx context.Context, secretID string, fn func(storage.Tx, *record) (map[string]Content, error)) error {
	return rs.s.store.Update(ctx, func(tx storage.Tx) error {
		r, err := lookup(tx, rs.caller, secretID)
		if err != nil {
			return err
		}
		if r.isReplica() {
			return replicaWrite()
		}
		if !r.Deleted.IsZero() {
			return markedForDeletion()
		}
		fresh, err := fn(tx, r)
		if err != nil {
			return err
		}
		return rs.s.save(tx, r, fresh)
	})
}
