package authz

import (
	"strconv"
	"strings"
	"time"
)

// Request context keys that arca fills in (or derives from the Principal);
// the names are AWS's. Keys match case-insensitively; a caller that uses
// these spellings (or all lower case) gets the fastest lookups.
const (
	KeyCurrentTime      = "aws:CurrentTime"      // RFC 3339, UTC
	KeyEpochTime        = "aws:EpochTime"        // seconds since 1970
	KeySourceIP         = "aws:SourceIp"         // the client's address
	KeySecureTransport  = "aws:SecureTransport"  // "true" over TLS
	KeyUserAgent        = "aws:UserAgent"        // the client's User-Agent
	KeyRequestedRegion  = "aws:RequestedRegion"  // the region the request addresses
	KeyUsername         = "aws:username"         // derived: an IAM user's name
	KeyUserID           = "aws:userid"           // derived: Principal.UserID
	KeyPrincipalARN     = "aws:PrincipalArn"     // derived: the user, root or role ARN
	KeyPrincipalAccount = "aws:PrincipalAccount" // derived: Principal.Account
	KeyPrincipalType    = "aws:PrincipalType"    // derived: Account, User, AssumedRole, Anonymous
	KeyPrincipalTag     = "aws:PrincipalTag/"    // derived prefix: + tag key, from Principal.Tags
	KeyRequestTag       = "aws:RequestTag/"      // prefix: + tag key, the tags a request sets
	KeyResourceTag      = "aws:ResourceTag/"     // prefix: + tag key, the resource's tags
	KeyTagKeys          = "aws:TagKeys"          // the tag keys a request sets
	KeyExternalID       = "sts:ExternalId"       // AssumeRole's ExternalId
)

// SetTime sets aws:CurrentTime and aws:EpochTime in ctx to t, the
// request's time (the engine has no clock of its own).
func SetTime(ctx map[string][]string, t time.Time) {
	ctx[KeyCurrentTime] = []string{t.UTC().Format(time.RFC3339)}
	ctx[KeyEpochTime] = []string{strconv.FormatInt(t.Unix(), 10)}
}

// builtin identifies the context keys derived from the Principal when the
// request context does not set them.
type builtin uint8

const (
	bNone builtin = iota
	bUsername
	bUserID
	bPrincipalARN
	bPrincipalAccount
	bPrincipalType
	bPrincipalTag
	bPrincipalIsService
	bPrincipalServiceName
)

var builtins = map[string]builtin{
	"aws:username":              bUsername,
	"aws:userid":                bUserID,
	"aws:principalarn":          bPrincipalARN,
	"aws:principalaccount":      bPrincipalAccount,
	"aws:principaltype":         bPrincipalType,
	"aws:principalisawsservice": bPrincipalIsService,
	"aws:principalservicename":  bPrincipalServiceName,
}

// canonical maps the lower-case form of well-known keys to AWS's spelling.
var canonical = map[string]string{}

func init() {
	for _, k := range []string{KeyCurrentTime, KeyEpochTime, KeySourceIP, KeySecureTransport,
		KeyUserAgent, KeyRequestedRegion, KeyUsername, KeyUserID, KeyPrincipalARN,
		KeyPrincipalAccount, KeyPrincipalType, KeyTagKeys, KeyExternalID,
		"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:TokenIssueTime",
		"aws:Referer", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceArn", "aws:SourceAccount",
		"aws:CalledVia", "aws:ViaAWSService", "aws:PrincipalIsAWSService",
		"aws:PrincipalServiceName", "aws:PrincipalOrgID", "aws:ResourceAccount",
		"sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys",
		"secretsmanager:Name", "secretsmanager:SecretId", "secretsmanager:VersionStage",
		"secretsmanager:VersionId", "secretsmanager:KmsKeyId", "secretsmanager:Description",
		"secretsmanager:BlockPublicPolicy",
		"kms:ViaService", "kms:CallerAccount", "kms:EncryptionAlgorithm", "kms:KeySpec",
		"kms:KeyUsage", "kms:GrantOperations", "kms:EncryptionContextKeys",
		"ssm:Overwrite", "ssm:Recursive", "ssm:Policies"} {
		canonical[strings.ToLower(k)] = k
	}
}

// ckey is a compiled condition key or variable name.
type ckey struct {
	name  string // as written
	lower string
	canon string // AWS's spelling, when known and different from name
	b     builtin
	tag   string // the tag key of aws:PrincipalTag/<tag>
}

func newKey(name string) ckey {
	k := ckey{name: name, lower: strings.ToLower(name)}
	if c, ok := canonical[k.lower]; ok && c != name {
		k.canon = c
	}
	k.b = builtins[k.lower]
	if strings.HasPrefix(k.lower, "aws:principaltag/") {
		k.b, k.tag = bPrincipalTag, name[len(KeyPrincipalTag):]
	}
	return k
}

// values is the value set of a context key without copying: either a slice
// from the request context or one derived string.
type values struct {
	many []string
	one  string
	n    int
}

func (v values) at(i int) string {
	if v.many != nil {
		return v.many[i]
	}
	return v.one
}

func one(s string) (values, bool) { return values{one: s, n: 1}, true }

// env is the request an evaluation is about, with derived facts.
type env struct {
	req        *Request
	boundaries bool  // the principal has a permissions boundary
	unresolved bool  // a policy variable without a value was met
	grams      grams // the character pairs of req.Resource, once gramsSet
	gramsSet   bool
}

// lookup returns the values of key k; ok is false when the key is absent or
// has no values. The request context wins over values derived from the
// Principal.
func (e *env) lookup(k *ckey) (values, bool) {
	if m := e.req.Context; len(m) > 0 {
		v, ok := m[k.name]
		if !ok && k.lower != k.name {
			v, ok = m[k.lower]
		}
		if !ok && k.canon != "" {
			v, ok = m[k.canon]
		}
		if !ok {
			for kk, vv := range m {
				if strings.EqualFold(kk, k.name) {
					v, ok = vv, true
					break
				}
			}
		}
		if ok {
			return values{many: v, n: len(v)}, len(v) > 0
		}
	}
	if e.req.Lookup != nil {
		if v, ok := e.req.Lookup(k.lower); ok {
			return values{many: v, n: len(v)}, len(v) > 0
		}
	}
	if k.b == bNone {
		return values{}, false
	}
	return e.derived(k)
}

// derived returns the value of a key that comes from the Principal.
func (e *env) derived(k *ckey) (values, bool) {
	p := &e.req.Principal
	var s string
	switch k.b {
	case bUsername:
		if p.Type == IAMUser {
			s = p.UserName
		}
	case bUserID:
		s = p.UserID
		if s == "" && p.Type == Root {
			s = p.Account
		}
	case bPrincipalARN:
		s = p.ARN
		if p.Type == AssumedRole {
			s = p.RoleARN
		}
	case bPrincipalAccount:
		s = p.Account
	case bPrincipalType:
		s = p.Type.contextValue()
	case bPrincipalTag:
		if t, ok := p.Tags[k.tag]; ok {
			return one(t)
		}
		for tk, tv := range p.Tags {
			if strings.EqualFold(tk, k.tag) {
				return one(tv)
			}
		}
	case bPrincipalIsService:
		if p.Type == AWSService {
			return one("true")
		}
		return one("false")
	case bPrincipalServiceName:
		if p.Type == AWSService {
			s = p.ARN
		}
	}
	if s == "" {
		return values{}, false
	}
	return one(s)
}

// single returns the one value of key k, for policy variables: a key that
// is absent or has several values has no single value.
func (e *env) single(k *ckey) (string, bool) {
	v, ok := e.lookup(k)
	if !ok || v.n != 1 {
		return "", false
	}
	return v.at(0), true
}
