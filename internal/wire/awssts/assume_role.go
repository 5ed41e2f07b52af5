package awssts

import (
	"context"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type assumeRoleInput struct {
	RoleArn           string
	RoleSessionName   string
	DurationSeconds   *int64
	Policy            string
	PolicyArns        []policyARNIn
	ExternalID        string `query:"ExternalId"`
	Tags              []tagIn
	TransitiveTagKeys []string
	SourceIdentity    string
	SerialNumber      string
	TokenCode         string
}

type assumeRoleResult struct {
	Credentials      credentialsXML     `xml:"Credentials"`
	AssumedRoleUser  assumedRoleUserXML `xml:"AssumedRoleUser"`
	PackedPolicySize int                `xml:"PackedPolicySize"`
	SourceIdentity   string             `xml:"SourceIdentity,omitempty"`
}

func (h *handler) assumeRole(ctx context.Context, in *assumeRoleInput) (*assumeRoleResult, error) {
	var v awsquery.Validator
	arns := sessionInput(&v, in.RoleArn, in.RoleSessionName, in.DurationSeconds, in.Policy, in.PolicyArns)
	if in.ExternalID != "" {
		v.Len("externalId", in.ExternalID, 2, 1224)
		v.Pattern("externalId", in.ExternalID, externalIDPattern)
	}
	if in.SourceIdentity != "" {
		v.Len("sourceIdentity", in.SourceIdentity, 2, 64)
		v.Pattern("sourceIdentity", in.SourceIdentity, sessionNamePattern)
	}
	v.Count("tags", len(in.Tags), 0, 50)
	v.Count("transitiveTagKeys", len(in.TransitiveTagKeys), 0, 50)
	tags := make([]identity.Tag, 0, len(in.Tags))
	for _, t := range in.Tags {
		v.Len("tags.member.key", t.Key, 1, 128)
		v.Pattern("tags.member.key", t.Key, tagKeyPattern)
		v.Len("tags.member.value", t.Value, 0, 256)
		v.Pattern("tags.member.value", t.Value, tagValuePattern)
		tags = append(tags, identity.Tag{Key: t.Key, Value: t.Value})
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	a, err := h.id.AssumeRole(ctx, identity.AssumeRoleInput{
		RoleARN: in.RoleArn, SessionName: in.RoleSessionName, Duration: intOf(in.DurationSeconds),
		Policy: in.Policy, PolicyARNs: arns, ExternalID: in.ExternalID, Tags: tags,
		TransitiveTagKeys: in.TransitiveTagKeys, SourceIdentity: in.SourceIdentity,
	})
	if err != nil {
		return nil, err
	}
	return &assumeRoleResult{
		Credentials:      toCredentials(a.Credentials),
		AssumedRoleUser:  assumedRoleUserXML{AssumedRoleID: a.AssumedRoleID, Arn: a.AssumedRoleARN},
		PackedPolicySize: a.PackedPolicySize, SourceIdentity: a.SourceIdentity,
	}, nil
}
