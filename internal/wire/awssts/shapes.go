package awssts

import (
	"regexp"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// The STS model's patterns.
var (
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]*$`)
	externalIDPattern  = regexp.MustCompile(`^[\w+=,.@:/-]*$`)
	documentPattern    = regexp.MustCompile(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{00FF}]+$`)
	tagKeyPattern      = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)
	tagValuePattern    = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

type policyARNIn struct {
	Arn string `query:"arn"`
}

type tagIn struct {
	Key   string
	Value string
}

type credentialsXML struct {
	AccessKeyID     string        `xml:"AccessKeyId"`
	SecretAccessKey string        `xml:"SecretAccessKey"`
	SessionToken    string        `xml:"SessionToken"`
	Expiration      awsquery.Time `xml:"Expiration"`
}

func toCredentials(c *identity.Credentials) credentialsXML {
	return credentialsXML{
		AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey.Reveal(),
		SessionToken: c.SessionToken.Reveal(), Expiration: awsquery.Time(c.Expiration),
	}
}

type assumedRoleUserXML struct {
	AssumedRoleID string `xml:"AssumedRoleId"`
	Arn           string `xml:"Arn"`
}

// sessionInput validates what AssumeRole and AssumeRoleWithWebIdentity
// share: the role, the session name, the duration and session policies.
func sessionInput(v *awsquery.Validator, roleARN, session string, duration *int64, policy string, arns []policyARNIn) []string {
	v.Required("roleArn", roleARN != "")
	if roleARN != "" {
		v.Len("roleArn", roleARN, 20, 2048)
	}
	v.Required("roleSessionName", session != "")
	if session != "" {
		v.Len("roleSessionName", session, 2, 64)
		v.Pattern("roleSessionName", session, sessionNamePattern)
	}
	v.Range("durationSeconds", duration, 900, 43200)
	if policy != "" {
		v.Len("policy", policy, 1, 2048)
		v.Pattern("policy", policy, documentPattern)
	}
	v.Count("policyArns", len(arns), 0, 10)
	out := make([]string, 0, len(arns))
	for _, a := range arns {
		v.Len("policyArns.member.arn", a.Arn, 20, 2048)
		out = append(out, a.Arn)
	}
	return out
}

func intOf(n *int64) int {
	if n == nil {
		return 0
	}
	return int(*n)
}
