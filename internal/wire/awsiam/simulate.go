package awsiam

import (
	"context"
	"strings"

	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// SimulatePrincipalPolicy and SimulateCustomPolicy. Supported: the
// principal's own and its groups' policies, extra PolicyInputList
// documents, a ResourcePolicy, ContextEntries and CallerArn; permissions
// boundaries and Organizations are not simulated.

type contextEntryIn struct {
	ContextKeyName   string
	ContextKeyValues []string
	ContextKeyType   string
}

type simulateInput struct {
	PolicySourceArn                    string
	PolicyInputList                    []string
	ActionNames                        []string
	ResourceArns                       []string
	ResourcePolicy                     string
	ResourceOwner                      string
	CallerArn                          string
	ContextEntries                     []contextEntryIn
	ResourceHandling                   string `query:"ResourceHandlingOption"`
	PermissionsBoundaryPolicyInputList []string
	MaxItems                           *int64
	Marker                             string
}

type statementXML struct {
	SourcePolicyID   string `xml:"SourcePolicyId"`
	SourcePolicyType string `xml:"SourcePolicyType"`
}

type evaluationResultXML struct {
	EvalActionName       string                      `xml:"EvalActionName"`
	EvalResourceName     string                      `xml:"EvalResourceName"`
	EvalDecision         string                      `xml:"EvalDecision"`
	MatchedStatements    awsquery.List[statementXML] `xml:"MatchedStatements"`
	MissingContextValues awsquery.List[string]       `xml:"MissingContextValues"`
}

type simulateResult struct {
	EvaluationResults awsquery.List[evaluationResultXML] `xml:"EvaluationResults"`
	page
}

func (h *handler) simulatePrincipalPolicy(ctx context.Context, in *simulateInput) (*simulateResult, error) {
	var v awsquery.Validator
	v.Required("policySourceArn", in.PolicySourceArn != "")
	if in.PolicySourceArn != "" {
		v.Len("policySourceArn", in.PolicySourceArn, 20, 2048)
	}
	if err := h.simulateChecks(&v, in); err != nil {
		return nil, err
	}
	if err := h.authorize(ctx, "iam:SimulatePrincipalPolicy", in.PolicySourceArn); err != nil {
		return nil, err
	}
	return h.simulate(ctx, in, in.PolicySourceArn)
}

func (h *handler) simulateCustomPolicy(ctx context.Context, in *simulateInput) (*simulateResult, error) {
	var v awsquery.Validator
	v.Count("policyInputList", len(in.PolicyInputList), 1, -1)
	if err := h.simulateChecks(&v, in); err != nil {
		return nil, err
	}
	if err := h.authorize(ctx, "iam:SimulateCustomPolicy", "*"); err != nil {
		return nil, err
	}
	return h.simulate(ctx, in, "")
}

func (h *handler) simulateChecks(v *awsquery.Validator, in *simulateInput) error {
	v.Count("actionNames", len(in.ActionNames), 1, -1)
	for _, d := range in.PolicyInputList {
		document(v, "policyInputList.member", d)
	}
	paging(v, in.Marker, in.MaxItems)
	if err := v.Err(); err != nil {
		return err
	}
	if len(in.PermissionsBoundaryPolicyInputList) > 0 {
		return notSupported("PermissionsBoundaryPolicyInputList")
	}
	return nil
}

func (h *handler) simulate(ctx context.Context, in *simulateInput, principal string) (*simulateResult, error) {
	sc := map[string][]string{}
	for _, e := range in.ContextEntries {
		sc[e.ContextKeyName] = e.ContextKeyValues
	}
	rs, err := h.id.Simulate(ctx, identity.SimulateInput{
		PrincipalARN: principal, Policies: in.PolicyInputList, ResourcePolicy: in.ResourcePolicy,
		CallerARN: in.CallerArn, Actions: in.ActionNames, Resources: in.ResourceArns, Context: sc,
	})
	if err != nil {
		return nil, err
	}
	out := &simulateResult{EvaluationResults: awsquery.List[evaluationResultXML]{}}
	for _, r := range rs {
		x := evaluationResultXML{EvalActionName: r.Action, EvalResourceName: r.Resource, EvalDecision: decision(r.Decision.Outcome),
			MatchedStatements: awsquery.List[statementXML]{}, MissingContextValues: awsquery.List[string]{}}
		if r.Decision.Reason.PolicyID != "" && r.Decision.Reason.Statement >= 0 {
			x.MatchedStatements = append(x.MatchedStatements, statementXML{SourcePolicyID: r.Decision.Reason.PolicyID, SourcePolicyType: sourceType(r.Decision.Reason)})
		}
		out.EvaluationResults = append(out.EvaluationResults, x)
	}
	return out, nil
}

func decision(o authz.Outcome) string {
	switch o {
	case authz.Allow:
		return "allowed"
	case authz.ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// sourceType names a deciding policy as IAM's simulator does.
func sourceType(r authz.Reason) string {
	switch {
	case r.Kind != authz.Identity:
		return "resource"
	case strings.HasPrefix(r.PolicyID, "arn:"):
		return "user-managed"
	case strings.HasPrefix(r.PolicyID, "user/"):
		return "user"
	case strings.HasPrefix(r.PolicyID, "group/"):
		return "group"
	case strings.HasPrefix(r.PolicyID, "role/"):
		return "role"
	}
	return "IAM Policy"
}
