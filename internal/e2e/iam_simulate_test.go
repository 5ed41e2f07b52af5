package e2e_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestIAM_Simulate(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("web-task-role"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("web-task-role"), PolicyName: aws.String("p"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter*"],"Resource":["arn:aws:ssm:*:*:parameter/prod/web/*"]}]}`)}))
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("web")}))
	p := must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("per-user"), PolicyDocument: aws.String(readSSM)}))
	must(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("web"), PolicyArn: p.Policy.Arn}))

	const param = "arn:aws:ssm:us-east-1:000000000000:parameter/prod/web/KEY"
	res := must(c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::000000000000:role/web-task-role"),
		ActionNames:     []string{"ssm:GetParameter", "ssm:PutParameter"},
		ResourceArns:    []string{param, "arn:aws:ssm:us-east-1:000000000000:parameter/prod/admin/KEY"},
	}))
	want := []types.PolicyEvaluationDecisionType{"allowed", "implicitDeny", "implicitDeny", "implicitDeny"}
	if len(res.EvaluationResults) != 4 {
		t.Fatalf("results = %+v", res.EvaluationResults)
	}
	for i, r := range res.EvaluationResults {
		if r.EvalDecision != want[i] {
			t.Errorf("%s %s = %s, want %s", *r.EvalActionName, *r.EvalResourceName, r.EvalDecision, want[i])
		}
	}
	if m := res.EvaluationResults[0].MatchedStatements; len(m) != 1 || *m[0].SourcePolicyId != "role/web-task-role/inline/p" {
		t.Fatalf("MatchedStatements = %+v", m)
	}
	// ${aws:username} resolves for a user.
	u := must(c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::000000000000:user/web"), ActionNames: []string{"ssm:GetParameter"}, ResourceArns: []string{param},
	}))
	if u.EvaluationResults[0].EvalDecision != "allowed" || u.EvaluationResults[0].MatchedStatements[0].SourcePolicyType != "user-managed" {
		t.Fatalf("user = %+v", u.EvaluationResults[0])
	}
	_, err := c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::000000000000:user/nobody"), ActionNames: []string{"ssm:GetParameter"}})
	wantCode(t, err, "NoSuchEntity")

	custom := must(c.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"},{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`},
		ActionNames:     []string{"kms:Decrypt"},
		ContextEntries:  []types.ContextEntry{{ContextKeyName: aws.String("aws:RequestedRegion"), ContextKeyValues: []string{"eu-west-1"}, ContextKeyType: types.ContextKeyTypeEnumString}},
	}))
	if custom.EvaluationResults[0].EvalDecision != "explicitDeny" {
		t.Fatalf("custom = %+v", custom.EvaluationResults[0])
	}
	_, err = c.SimulateCustomPolicy(ctx, &iam.SimulateCustomPolicyInput{PolicyInputList: []string{`{"Statement":{}}`}, ActionNames: []string{"kms:Decrypt"}})
	wantCode(t, err, "MalformedPolicyDocument")
}
