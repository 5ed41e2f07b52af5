package identity

import (
	"context"
	"slices"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
)

// SimulateInput is a policy simulation: may the principal do each action on
// each resource?
type SimulateInput struct {
	// PrincipalARN names the user, group or role whose policies apply
	// (SimulatePrincipalPolicy); empty simulates only Policies
	// (SimulateCustomPolicy).
	PrincipalARN string
	// Policies are extra identity policy documents to include.
	Policies []string
	// Boundaries are permissions boundary documents
	// (PermissionsBoundaryPolicyInputList): when given, they replace the
	// principal's own boundary for the simulation, as in IAM.
	Boundaries []string
	// ResourcePolicy is an optional resource policy document.
	ResourcePolicy string
	// CallerARN is the principal to simulate as when PrincipalARN is empty
	// (default: an IAM user of the account).
	CallerARN string
	Actions   []string
	Resources []string // default "*"
	Context   map[string][]string
}

// SimResult is the decision for one action on one resource.
type SimResult struct {
	Action, Resource string
	Decision         authz.Decision
	// Boundary reports, when a permissions boundary applies, whether it
	// allows the action on its own (IAM's
	// PermissionsBoundaryDecisionDetail); nil without a boundary.
	Boundary *bool
}

// Simulate evaluates each action on each resource with authz.Evaluate.
// Errors: ENotFound, EInvalid (PrincipalARN), EBadPolicy (a document).
func (s *Service) Simulate(ctx context.Context, in SimulateInput) ([]SimResult, error) {
	pol := &Policies{Principal: authz.Principal{ARN: in.CallerARN, Account: s.account, Type: authz.IAMUser}}
	if in.CallerARN == "" {
		pol.Principal.ARN = s.entityARN(KindUser, "/", "simulated-user")
	}
	if in.PrincipalARN != "" {
		var err error
		if pol, err = s.PrincipalPolicies(ctx, in.PrincipalARN); err != nil {
			return nil, err
		}
	}
	set := pol.Set()
	set.Identity = slices.Clip(set.Identity)
	for i, d := range in.Policies {
		p, err := s.docs.get([]byte(d), authz.Identity, "PolicyInputList."+strconv.Itoa(i+1))
		if err != nil {
			return nil, err
		}
		set.Identity = append(set.Identity, p)
	}
	if len(in.Boundaries) > 0 {
		set.Boundary = nil
		for i, d := range in.Boundaries {
			p, err := s.docs.get([]byte(d), authz.Identity, "PermissionsBoundaryPolicyInputList."+strconv.Itoa(i+1))
			if err != nil {
				return nil, err
			}
			set.Boundary = append(set.Boundary, p)
		}
	}
	if in.ResourcePolicy != "" {
		p, err := s.docs.get([]byte(in.ResourcePolicy), authz.Resource, "ResourcePolicy")
		if err != nil {
			return nil, err
		}
		set.Resource = []*authz.Policy{p}
	}
	resources := in.Resources
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var out []SimResult
	for _, a := range in.Actions {
		for _, r := range resources {
			req := authz.Request{Principal: pol.Principal, Action: a, Resource: r, Context: map[string][]string{}}
			for k, v := range in.Context {
				req.Context[k] = v
			}
			if _, ok := req.Context[authz.KeyCurrentTime]; !ok {
				authz.SetTime(req.Context, s.now())
			}
			res := SimResult{Action: a, Resource: r, Decision: authz.Evaluate(req, set)}
			if len(set.Boundary) > 0 {
				// The boundary alone, read as identity policies.
				ok := authz.Evaluate(req, authz.Set{Identity: set.Boundary}).Allowed
				res.Boundary = &ok
			}
			out = append(out, res)
		}
	}
	if len(out) > 10000 {
		return nil, arca.Errorf(arca.EInvalid, "Too many action and resource combinations.")
	}
	return out, nil
}
