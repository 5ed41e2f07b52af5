package identity

import (
	"context"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/storage"
)

// WebIdentityInput is what AssumeRoleWithWebIdentity needs: the role and
// session, and the claims of an OIDC token that the wire layer has already
// verified against a trusted issuer's keys.
type WebIdentityInput struct {
	RoleARN, SessionName string
	Duration             int // 0: 3600 s
	Policy               string
	PolicyARNs           []string
	// Provider is the issuer as IAM names an OIDC provider: the issuer URL
	// without "https://", e.g. "token.actions.githubusercontent.com".
	Provider string
	Subject  string // the token's sub
	Audience string // the token's aud (the one that matched)
}

// AssumeRoleWithWebIdentity issues temporary credentials for a role to the
// holder of a verified OIDC token. The role's trust policy must allow
// sts:AssumeRoleWithWebIdentity for the Federated principal
// arn:aws:iam::ACCOUNT:oidc-provider/PROVIDER; its conditions see
// PROVIDER:sub, PROVIDER:aud and PROVIDER:oaud. Errors: EDenied, EInvalid,
// EBadPolicy, ELimit.
func (s *Service) AssumeRoleWithWebIdentity(ctx context.Context, in WebIdentityInput) (*Assumed, error) {
	if in.Duration == 0 {
		in.Duration = DefaultSessionDuration
	}
	if in.Policy != "" {
		if err := s.checkPolicy([]byte(in.Policy), DocSession); err != nil {
			return nil, err
		}
	}
	provider := arca.ARN("iam", s.region, s.account, "oidc-provider/"+in.Provider, true)
	denied := arca.Errorf(arca.EDenied, "Not authorized to perform sts:AssumeRoleWithWebIdentity")
	var role *assumable
	err := s.view(ctx, func(tx storage.Tx) error {
		var err error
		if role, err = s.readRole(tx, in.RoleARN, denied); err != nil {
			return err
		}
		for _, a := range in.PolicyARNs {
			if _, err := s.getPolicy(tx, a); err != nil {
				return arca.Errorf(arca.EInvalid, "Policy %s does not exist.", a)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	req := authz.Request{
		Principal: authz.Principal{Type: authz.Federated, ARN: provider},
		Action:    "sts:AssumeRoleWithWebIdentity", Resource: role.arn, Context: s.requestContext(arca.CallerFrom(ctx)),
	}
	req.Context[in.Provider+":sub"] = []string{in.Subject}
	req.Context[in.Provider+":aud"] = []string{in.Audience}
	req.Context[in.Provider+":oaud"] = []string{in.Audience}
	req.Context["sts:RoleSessionName"] = []string{in.SessionName}
	if !authz.Evaluate(req, authz.Set{Resource: []*authz.Policy{role.trust}}).Allowed {
		return nil, denied
	}
	if err := checkDuration(in.Duration, role.rec, false); err != nil {
		return nil, err
	}
	size, err := packedSize(in.Policy, in.PolicyARNs, nil)
	if err != nil {
		return nil, err
	}
	rec := &sessionRecord{
		Kind: sessionRole, RoleName: role.rec.Name, RoleID: role.rec.ID, SessionName: in.SessionName,
		Policy: in.Policy, PolicyARNs: in.PolicyARNs, Provider: in.Provider, Subject: in.Subject, Audience: in.Audience,
	}
	creds, err := s.issueRole(ctx, role, rec, in.Duration)
	if err != nil {
		return nil, err
	}
	return &Assumed{
		Credentials: creds, AssumedRoleARN: assumedRoleARN(s.region, s.account, role.rec.Name, in.SessionName),
		AssumedRoleID: role.rec.ID + ":" + in.SessionName, PackedPolicySize: size,
	}, nil
}
