package secrets

import (
	"slices"

	"github.com/arca-vault/arca/internal/authz"
)

// PolicyProblem is one finding of policy validation.
type PolicyProblem struct {
	Check   string
	Message string
}

// The checks that ValidatePolicy reports.
const (
	CheckPublicAccess = "PublicAccess" // an Allow statement any principal can use, with no condition
)

// parsePolicy checks that doc is a resource policy document, with the same
// parser that evaluates it (internal/authz), so that what is stored is
// exactly what the engine accepts. Errors: EBadPolicy (with the field at
// fault), ELimit for an oversized document.
func parsePolicy(doc string) (*authz.Policy, error) {
	return authz.Parse([]byte(doc), authz.Resource, authz.MaxSize(20480))
}

// public reports whether p has an Allow statement that every principal can
// use without a condition: what BlockPublicPolicy refuses.
func public(p *authz.Policy) bool {
	for _, st := range p.Statements {
		if st.Effect != authz.EffectAllow || len(st.Condition) > 0 || st.Principal == nil {
			continue
		}
		if st.Principal.All || slices.Contains(st.Principal.AWS, "*") {
			return true
		}
	}
	return false
}
