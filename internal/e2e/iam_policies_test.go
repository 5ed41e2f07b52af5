package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const readSSM = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["ssm:GetParameter*"],"Resource":"arn:aws:ssm:*:*:parameter/prod/${aws:username}/*"}]}`

func TestIAM_InlinePolicies(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u")}))
	must(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("g")}))
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustAcct)}))

	must(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("b"), PolicyDocument: aws.String(readSSM)}))
	must(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("a"), PolicyDocument: aws.String(allowAll)}))
	must(c.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: aws.String("g"), PolicyName: aws.String("gp"), PolicyDocument: aws.String(allowAll)}))
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("rp"), PolicyDocument: aws.String(readSSM)}))

	up := must(c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("b")}))
	if *up.UserName != "u" || *up.PolicyName != "b" || decodeDoc(t, up.PolicyDocument) != readSSM || !strings.HasPrefix(*up.PolicyDocument, "%7B%22Version%22") {
		t.Fatalf("GetUserPolicy = %+v", up)
	}
	gp := must(c.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: aws.String("g"), PolicyName: aws.String("gp")}))
	rp := must(c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("rp")}))
	if decodeDoc(t, gp.PolicyDocument) != allowAll || decodeDoc(t, rp.PolicyDocument) != readSSM {
		t.Fatal("group or role policy document differs")
	}
	names := must(c.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: aws.String("u")}))
	if strings.Join(names.PolicyNames, ",") != "a,b" {
		t.Fatalf("ListUserPolicies = %v", names.PolicyNames)
	}
	if n := must(c.ListGroupPolicies(ctx, &iam.ListGroupPoliciesInput{GroupName: aws.String("g")})); len(n.PolicyNames) != 1 {
		t.Fatalf("ListGroupPolicies = %v", n.PolicyNames)
	}
	if n := must(c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String("r")})); len(n.PolicyNames) != 1 {
		t.Fatalf("ListRolePolicies = %v", n.PolicyNames)
	}

	_, err := c.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("nope")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("nobody"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowAll)})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("p"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`)})
	wantCode(t, err, "MalformedPolicyDocument")
	_, err = c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("p"), PolicyDocument: aws.String(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`)})
	wantCode(t, err, "MalformedPolicyDocument")
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*:*:parameter/` + strings.Repeat("x", 2100) + `"}]}`
	_, err = c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("big"), PolicyDocument: aws.String(big)})
	wantCode(t, err, "LimitExceeded")

	must(c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("a")}))
	must(c.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: aws.String("g"), PolicyName: aws.String("gp")}))
	must(c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("rp")}))
	_, err = c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("u"), PolicyName: aws.String("a")})
	wantCode(t, err, "NoSuchEntity")
}

func TestIAM_ManagedPolicies(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	p := must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("per-service"), Path: aws.String("/app/"), PolicyDocument: aws.String(readSSM), Description: aws.String("d")}))
	arn := *p.Policy.Arn
	if arn != "arn:aws:iam::000000000000:policy/app/per-service" || *p.Policy.DefaultVersionId != "v1" || (*p.Policy.PolicyId)[:4] != "ANPA" || !p.Policy.IsAttachable {
		t.Fatalf("CreatePolicy = %+v", p.Policy)
	}
	_, err := c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("per-service"), PolicyDocument: aws.String(readSSM)})
	wantCode(t, err, "EntityAlreadyExists")
	_, err = c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("bad"), PolicyDocument: aws.String(`{"Statement":[]}`)})
	wantCode(t, err, "MalformedPolicyDocument")
	got := must(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)}))
	if *got.Policy.Description != "d" || *got.Policy.AttachmentCount != 0 {
		t.Fatalf("GetPolicy = %+v", got.Policy)
	}
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::000000000000:policy/per-service")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("not-an-arn-but-long-enough")})
	wantCode(t, err, "InvalidInput")

	// Versions: v2..v5, then the sixth is refused; default moves.
	for i := 2; i <= 5; i++ {
		v := must(c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(arn), PolicyDocument: aws.String(allowAll), SetAsDefault: i == 3}))
		if *v.PolicyVersion.VersionId != "v"+string(rune('0'+i)) || v.PolicyVersion.IsDefaultVersion != (i == 3) {
			t.Fatalf("CreatePolicyVersion = %+v", v.PolicyVersion)
		}
	}
	_, err = c.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(arn), PolicyDocument: aws.String(allowAll)})
	wantCode(t, err, "LimitExceeded")
	vs := must(c.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(arn)}))
	if len(vs.Versions) != 5 || *vs.Versions[0].VersionId != "v5" || !vs.Versions[2].IsDefaultVersion {
		t.Fatalf("ListPolicyVersions = %+v", vs.Versions)
	}
	v1 := must(c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v1")}))
	if decodeDoc(t, v1.PolicyVersion.Document) != readSSM || v1.PolicyVersion.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion v1 = %+v", v1.PolicyVersion)
	}
	_, err = c.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v9")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v3")})
	wantCode(t, err, "DeleteConflict")
	must(c.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v1")}))
	for _, v := range []string{"v2", "v3", "v4", "v5"} {
		must(c.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(v)}))
	}

	// Attachments.
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("web")}))
	must(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("g")}))
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("web"), PolicyArn: aws.String(arn)}))
	must(c.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("g"), PolicyArn: aws.String(arn)}))
	must(c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(arn)}))
	_, err = c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("web"), PolicyArn: aws.String("arn:aws:iam::000000000000:policy/nope")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("nobody"), PolicyArn: aws.String(arn)})
	wantCode(t, err, "NoSuchEntity")
	att := must(c.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String("web")}))
	if len(att.AttachedPolicies) != 1 || *att.AttachedPolicies[0].PolicyName != "per-service" || *att.AttachedPolicies[0].PolicyArn != arn {
		t.Fatalf("ListAttachedUserPolicies = %+v", att.AttachedPolicies)
	}
	if a := must(c.ListAttachedGroupPolicies(ctx, &iam.ListAttachedGroupPoliciesInput{GroupName: aws.String("g")})); len(a.AttachedPolicies) != 1 {
		t.Fatal("ListAttachedGroupPolicies")
	}
	if a := must(c.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r")})); len(a.AttachedPolicies) != 1 {
		t.Fatal("ListAttachedRolePolicies")
	}
	ents := must(c.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(arn)}))
	if len(ents.PolicyUsers) != 1 || len(ents.PolicyGroups) != 1 || len(ents.PolicyRoles) != 1 || *ents.PolicyUsers[0].UserName != "web" {
		t.Fatalf("ListEntitiesForPolicy = %+v", ents)
	}
	roles := must(c.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(arn), EntityFilter: types.EntityTypeRole}))
	if len(roles.PolicyUsers) != 0 || len(roles.PolicyRoles) != 1 {
		t.Fatalf("EntityFilter Role = %+v", roles)
	}
	if got := must(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})); *got.Policy.AttachmentCount != 3 {
		t.Fatalf("AttachmentCount = %d", *got.Policy.AttachmentCount)
	}
	must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("unused"), PolicyDocument: aws.String(allowAll)}))
	if l := must(c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal})); len(l.Policies) != 2 {
		t.Fatalf("ListPolicies Local = %d", len(l.Policies))
	}
	if l := must(c.ListPolicies(ctx, &iam.ListPoliciesInput{OnlyAttached: true})); len(l.Policies) != 1 {
		t.Fatalf("ListPolicies OnlyAttached = %d", len(l.Policies))
	}
	if l := must(c.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws})); len(l.Policies) != 0 {
		t.Fatalf("ListPolicies AWS = %d", len(l.Policies))
	}
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(arn)})
	wantCode(t, err, "DeleteConflict")
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("web")})
	wantCode(t, err, "DeleteConflict")
	must(c.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String("web"), PolicyArn: aws.String(arn)}))
	must(c.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String("g"), PolicyArn: aws.String(arn)}))
	must(c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(arn)}))
	_, err = c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(arn)})
	wantCode(t, err, "NoSuchEntity")
	must(c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(arn)}))
	_, err = c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)})
	wantCode(t, err, "NoSuchEntity")

	// Ten attached policies per entity.
	for i := range 11 {
		n := "p" + string(rune('a'+i))
		pa := must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(n), PolicyDocument: aws.String(allowAll)}))
		_, err = c.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("web"), PolicyArn: pa.Policy.Arn})
	}
	wantCode(t, err, "LimitExceeded")
}
