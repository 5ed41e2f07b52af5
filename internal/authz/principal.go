package authz

import (
	"strings"

	"github.com/arca-vault/arca"
)

// PrincipalType is the kind of caller making a request.
type PrincipalType string

// The principal types. Root, IAMUser and AssumedRole are the values of
// arca.Caller.Type, so PrincipalType(caller.Type) converts.
const (
	// Root is an account's root user; ARN arn:aws:iam::ID:root.
	Root PrincipalType = "Root"
	// IAMUser is an IAM user; ARN arn:aws:iam::ID:user/path/name.
	IAMUser PrincipalType = "IAMUser"
	// AssumedRole is a role session; ARN
	// arn:aws:sts::ID:assumed-role/role-name/session-name, with RoleARN
	// set to the role's ARN.
	AssumedRole PrincipalType = "AssumedRole"
	// AWSService is a service principal; ARN holds its name, such as
	// ecs-tasks.amazonaws.com.
	AWSService PrincipalType = "AWSService"
	// Federated is an identity-provider caller of AssumeRoleWithWebIdentity
	// or AssumeRoleWithSAML; ARN holds the provider's ARN or name.
	Federated PrincipalType = "Federated"
	// Anonymous is an unauthenticated caller; it has no ARN or account.
	Anonymous PrincipalType = "Anonymous"
)

// contextValue returns the aws:PrincipalType value AWS gives the type.
func (t PrincipalType) contextValue() string {
	switch t {
	case Root:
		return "Account"
	case IAMUser:
		return "User"
	case AssumedRole:
		return "AssumedRole"
	case Anonymous:
		return "Anonymous"
	}
	return ""
}

// Principal is the caller of a request, as authentication established it.
type Principal struct {
	// ARN is the caller's ARN (see PrincipalType for its form per type).
	ARN string
	// Account is the caller's 12-digit account id.
	Account string
	// Type is the kind of caller; it decides how ARN, Account and RoleARN
	// are matched.
	Type PrincipalType
	// UserName is an IAM user's name (the value of aws:username).
	UserName string
	// UserID is the unique id (aws:userid): AIDA... for a user,
	// AROA...:session-name for a role session, the account id for root.
	UserID string
	// RoleARN is, for an AssumedRole session, the role's ARN
	// (arn:aws:iam::ID:role/path/name); the value of aws:PrincipalArn.
	RoleARN string
	// Tags are the principal's tags (for a session: the role's tags with
	// the session tags over them); the values of aws:PrincipalTag/K.
	Tags map[string]string
}

// principalSet is a compiled Principal or NotPrincipal element.
type principalSet struct {
	all       bool
	arns      []string // principal ARNs named exactly (user, role, session, ...)
	accounts  []string // accounts named by id or by arn:aws:iam::ID:root
	services  []string
	federated []string
}

// pmatch is how a principal element names the caller, weakest first.
type pmatch uint8

const (
	pmNone    pmatch = iota
	pmAccount        // the caller's account: delegates to its identity policies
	pmLimited        // "*", or the role of a session: boundaries and session policies still apply
	pmDirect         // the caller itself: its user, root or session ARN, service or provider
)

func newPrincipalSet(p *Principals) *principalSet {
	s := &principalSet{all: p.All}
	for _, v := range p.AWS {
		switch {
		case v == "*":
			s.all = true
		case isAccountID(v):
			s.accounts = append(s.accounts, v)
		default:
			if a, ok := arca.ParseARN(v); ok && a.Service == "iam" && a.Resource == "root" {
				s.accounts = append(s.accounts, a.Account)
			} else {
				s.arns = append(s.arns, v)
			}
		}
	}
	s.services = p.Service
	s.federated = p.Federated
	return s
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// match says how the element names the caller p (the strongest way, when
// it names it several ways).
func (s *principalSet) match(p *Principal) pmatch {
	best := pmNone
	switch p.Type {
	case AWSService:
		if p.ARN != "" && containsFold(s.services, p.ARN) {
			return pmDirect
		}
	case Federated:
		if p.ARN != "" && contains(s.federated, p.ARN) {
			return pmDirect
		}
	case Anonymous:
	default:
		if p.ARN != "" && contains(s.arns, p.ARN) {
			return pmDirect
		}
		if p.Account != "" && contains(s.accounts, p.Account) {
			if p.Type == Root {
				return pmDirect
			}
			best = pmAccount
		}
		if p.Type == AssumedRole && p.RoleARN != "" && contains(s.arns, p.RoleARN) {
			best = pmLimited
		}
	}
	if s.all {
		best = pmLimited
	}
	return best
}

// excludes reports whether a NotPrincipal element exempts p from its Deny.
// As in AWS, a user is exempt only when both its account and its ARN are
// listed, a session only when its account and its session or role ARN are;
// and a caller with a permissions boundary is never exempt.
func (s *principalSet) excludes(p *Principal, boundaries bool) bool {
	if s.all {
		return true
	}
	switch p.Type {
	case AWSService:
		return containsFold(s.services, p.ARN)
	case Federated:
		return contains(s.federated, p.ARN)
	case Anonymous:
		return false
	}
	if boundaries || p.Account == "" || !contains(s.accounts, p.Account) {
		return false
	}
	switch p.Type {
	case Root:
		return true
	case AssumedRole:
		return contains(s.arns, p.ARN) || (p.RoleARN != "" && contains(s.arns, p.RoleARN))
	}
	return contains(s.arns, p.ARN)
}
