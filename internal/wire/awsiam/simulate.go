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
// documents, a ResourcePolicy, ContextEntries and CallerArn, the
// principal's permissions boundary or PermissionsBoundaryPolicyInputList in
// its place; MatchedStatements carry StartPosition and EndPosition.
// Organizations (SCPs) are not simulated.

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
	SourcePolicyID   string       `xml:"SourcePolicyId"`
	SourcePolicyType string       `xml:"SourcePolicyType"`
	StartPosition    *positionXML `xml:"StartPosition,omitempty"`
	EndPosition      *positionXML `xml:"EndPosition,omitempty"`
}

type positionXML struct {
	Line   int `xml:"Line"`
	Column int `xml:"Column"`
}

// positionOf is p as XML; nil for a statement without a position.
func positionOf(p authz.Position) *positionXML {
	if p.Line == 0 {
		return nil
	}
	return &positionXML{Line: p.Line, Column: p.Column}
}

type evaluationResultXML struct {
	EvalActionName       string                      `xml:"EvalActionName"`
	EvalResourceName     string                      `xml:"EvalResourceName"`
	EvalDecision         string                      `xml:"EvalDecision"`
	MatchedStatements    awsquery.List[statementXML] `xml:"MatchedStatements"`
	MissingContextValues awsquery.List[string]       `xml:"MissingContextValues"`
	// PermissionsBoundaryDecisionDetail is set when a boundary applies.
	PermissionsBoundaryDecisionDetail *boundaryDetailXML `xml:"PermissionsBoundaryDecisionDetail,omitempty"`
}

type boundaryDetailXML struct {
	AllowedByPermissionsBoundary bool `xml:"AllowedByPermissionsBoundary"`
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
	for _, d := range in.PermissionsBoundaryPolicyInputList {
		document(v, "permissionsBoundaryPolicyInputList.member", d)
	}
	return v.Err()
}

func (h *handler) simulate(ctx context.Context, in *simulateInput, principal string) (*simulateResult, error) {
	sc := map[string][]string{}
	for _, e := range in.ContextEntries {
		sc[e.ContextKeyName] = e.ContextKeyValues
	}
	rs, err := h.id.Simulate(ctx, identity.SimulateInput{
		PrincipalARN: principal, Policies: in.PolicyInputList, ResourcePolicy: in.ResourcePolicy,
		Boundaries: in.PermissionsBoundaryPolicyInputList,
		CallerARN:  in.CallerArn, Actions: in.ActionNames, Resources: in.ResourceArns, Context: sc,
	})
	if err != nil {
		return nil, err
	}
	out := &simulateResult{EvaluationResults: awsquery.List[evaluationResultXML]{}}
	for _, r := range rs {
		x := evaluationResultXML{EvalActionName: r.Action, EvalResourceName: r.Resource, EvalDecision: decision(r.Decision.Outcome),
			MatchedStatements: awsquery.List[statementXML]{}, MissingContextValues: awsquery.List[string]{}}
		if r.Decision.Reason.PolicyID != "" && r.Decision.Reason.Statement >= 0 {
			why := r.Decision.Reason
			x.MatchedStatements = append(x.MatchedStatements, statementXML{
				SourcePolicyID: why.PolicyID, SourcePolicyType: sourceType(why),
				StartPosition: positionOf(why.Start), EndPosition: positionOf(why.End),
			})
		}
		if r.Boundary != nil {
			x.PermissionsBoundaryDecisionDetail = &boundaryDetailXML{AllowedByPermissionsBoundary: *r.Boundary}
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
	case r.Kind != authz.Identity && r.Kind != authz.Boundary && r.Kind != authz.Session:
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
