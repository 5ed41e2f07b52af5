package identity

import (
	"context"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/storage"
)

// Session duration limits, in seconds.
const (
	MinSessionDuration     = 900
	DefaultSessionDuration = 3600
	chainedSessionLimit    = 3600   // role chaining
	MaxUserSessionToken    = 129600 // GetSessionToken by a user
	MaxRootSessionToken    = 3600   // GetSessionToken by the root user
	DefaultUserSession     = 43200  // GetSessionToken's default
)

// AssumeRoleInput is what AssumeRole needs. Duration 0 means 3600 s.
type AssumeRoleInput struct {
	RoleARN, SessionName string
	Duration             int
	Policy               string   // an inline session policy
	PolicyARNs           []string // managed session policies
	ExternalID           string
	Tags                 []Tag // session tags
	TransitiveTagKeys    []string
	SourceIdentity       string
}

// Assumed is the result of AssumeRole and AssumeRoleWithWebIdentity.
type Assumed struct {
	Credentials      *Credentials
	AssumedRoleARN   string // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
	AssumedRoleID    string // AROA...:SESSION
	PackedPolicySize int    // percent of the allowed size the session policies and tags use
	SourceIdentity   string
}

// role is a role read for assumption, with its compiled trust policy.
type assumable struct {
	rec   *record
	arn   string
	trust *authz.Policy
}

// readRole reads the role an ARN names; a missing role or another
// account's is reported as denied, as STS does.
func (s *Service) readRole(tx storage.Tx, roleARN string, denied error) (*assumable, error) {
	a, ok := arca.ParseARN(roleARN)
	name, isRole := strings.CutPrefix(a.Resource, "role/")
	if !ok || a.Service != "iam" || !isRole || a.Account != s.account {
		return nil, denied
	}
	name = name[strings.LastIndexByte(name, '/')+1:]
	r, err := getRecord(tx, KindRole, name)
	if arca.ErrorCode(err) == arca.ENotFound {
		return nil, denied
	}
	if err != nil {
		return nil, err
	}
	if s.arn(r) != roleARN {
		return nil, denied
	}
	trust, err := s.docs.get([]byte(r.Trust), authz.Trust, s.arn(r))
	if err != nil {
		return nil, arca.Internal(err)
	}
	return &assumable{rec: r, arn: s.arn(r), trust: trust}, nil
}

// requestContext returns the request context keys every STS decision gets.
func (s *Service) requestContext(c *arca.Caller) map[string][]string {
	m := map[string][]string{}
	authz.SetTime(m, s.now())
	if c != nil {
		if c.SourceIP != "" {
			m[authz.KeySourceIP] = []string{c.SourceIP}
		}
		if c.UserAgent != "" {
			m[authz.KeyUserAgent] = []string{c.UserAgent}
		}
		if c.Region != "" {
			m[authz.KeyRequestedRegion] = []string{c.Region}
		}
	}
	return m
}

// checkDuration applies the role's MaxSessionDuration and the one-hour
// limit of role chaining. Errors: EInvalid.
func checkDuration(d int, r *record, chained bool) error {
	switch {
	case chained && d > chainedSessionLimit:
		return arca.Errorf(arca.EInvalid, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case d > r.MaxSession:
		return arca.Errorf(arca.EInvalid, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return nil
}

// packedSize returns the percentage of STS's packed-policy allowance that
// session policies and tags use (arca's estimate: their characters against
// 2048). Errors: ELimit beyond 100 %.
func packedSize(policy string, arns []string, tags []Tag) (int, error) {
	n := policySize(policy)
	for _, a := range arns {
		n += len(a)
	}
	for _, t := range tags {
		n += len(t.Key) + len(t.Value)
	}
	pct := (n*100 + 2047) / 2048
	if pct > 100 {
		return pct, arca.Errorf(arca.ELimit, "Packed policy consumes %d%% of allotted space, please use smaller policy for this request.", pct)
	}
	return pct, nil
}

// issueRole stores a role session, after checking in the same transaction
// that the role is still the one that was authorized.
func (s *Service) issueRole(ctx context.Context, role *assumable, rec *sessionRecord, d int) (*Credentials, error) {
	var creds *Credentials
	err := s.updateQuiet(ctx, func(tx storage.Tx) error {
		r, err := getRecord(tx, KindRole, role.rec.Name)
		if err != nil || r.ID != role.rec.ID {
			return arca.Errorf(arca.EDenied, "The role %s no longer exists.", role.arn)
		}
		creds, err = s.issue(tx, rec, time.Duration(d)*time.Second)
		return err
	})
	return creds, err
}
