package awssts

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type assumeRoleWithWebIdentityInput struct {
	RoleArn          string
	RoleSessionName  string
	WebIdentityToken string
	ProviderID       string `query:"ProviderId"`
	DurationSeconds  *int64
	Policy           string
	PolicyArns       []policyARNIn
}

type assumeRoleWithWebIdentityResult struct {
	Credentials                 credentialsXML     `xml:"Credentials"`
	SubjectFromWebIdentityToken string             `xml:"SubjectFromWebIdentityToken"`
	AssumedRoleUser             assumedRoleUserXML `xml:"AssumedRoleUser"`
	PackedPolicySize            int                `xml:"PackedPolicySize"`
	Provider                    string             `xml:"Provider"`
	Audience                    string             `xml:"Audience"`
}

// assumeRoleWithWebIdentity is called without a signature: the OIDC token,
// verified against a trusted issuer's keys, is the credential.
func (h *handler) assumeRoleWithWebIdentity(ctx context.Context, in *assumeRoleWithWebIdentityInput) (*assumeRoleWithWebIdentityResult, error) {
	var v awsquery.Validator
	arns := sessionInput(&v, in.RoleArn, in.RoleSessionName, in.DurationSeconds, in.Policy, in.PolicyArns)
	v.Required("webIdentityToken", in.WebIdentityToken != "")
	if in.WebIdentityToken != "" {
		v.Len("webIdentityToken", in.WebIdentityToken, 4, 20000)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	claims, err := h.oidc.verify(ctx, in.WebIdentityToken)
	if err != nil {
		return nil, err
	}
	a, err := h.id.AssumeRoleWithWebIdentity(ctx, identity.WebIdentityInput{
		RoleARN: in.RoleArn, SessionName: in.RoleSessionName, Duration: intOf(in.DurationSeconds),
		Policy: in.Policy, PolicyARNs: arns, Provider: claims.provider, Subject: claims.Subject, Audience: claims.audience,
	})
	if err != nil {
		return nil, err
	}
	return &assumeRoleWithWebIdentityResult{
		Credentials:                 toCredentials(a.Credentials),
		SubjectFromWebIdentityToken: claims.Subject,
		AssumedRoleUser:             assumedRoleUserXML{AssumedRoleID: a.AssumedRoleID, Arn: a.AssumedRoleARN},
		PackedPolicySize:            a.PackedPolicySize, Provider: claims.provider, Audience: claims.audience,
	}, nil
}
