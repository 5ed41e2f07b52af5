package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestIAM_Groups(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	g := must(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs"), Path: aws.String("/eng/")}))
	if *g.Group.Arn != "arn:aws:iam::000000000000:group/eng/devs" || (*g.Group.GroupId)[:4] != "AGPA" {
		t.Fatalf("CreateGroup = %+v", g.Group)
	}
	_, err := c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs")})
	wantCode(t, err, "EntityAlreadyExists")
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u1")}))
	must(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("u1")}))
	must(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("u1")}))
	_, err = c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("nobody")})
	wantCode(t, err, "NoSuchEntity")
	got := must(c.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String("devs")}))
	if len(got.Users) != 1 || *got.Users[0].UserName != "u1" {
		t.Fatalf("GetGroup users = %+v", got.Users)
	}
	_, err = c.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String("nope")})
	wantCode(t, err, "NoSuchEntity")
	gs := must(c.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String("u1")}))
	if len(gs.Groups) != 1 || *gs.Groups[0].GroupName != "devs" {
		t.Fatalf("ListGroupsForUser = %+v", gs.Groups)
	}
	all := must(c.ListGroups(ctx, &iam.ListGroupsInput{}))
	if len(all.Groups) != 1 {
		t.Fatalf("ListGroups = %d", len(all.Groups))
	}
	_, err = c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("devs")})
	wantCode(t, err, "DeleteConflict")
	must(c.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("devs"), UserName: aws.String("u1")}))
	_, err = c.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("devs"), UserName: aws.String("u1")})
	wantCode(t, err, "NoSuchEntity")
	for i := range 10 {
		n := "g" + string(rune('0'+i))
		must(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String(n)}))
		must(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(n), UserName: aws.String("u1")}))
	}
	_, err = c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("u1")})
	wantCode(t, err, "LimitExceeded")
	must(c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("devs")}))
	_, err = c.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("devs")})
	wantCode(t, err, "NoSuchEntity")
}

func TestIAM_Roles(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	r := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustAcct), Description: aws.String("the app")}))
	if *r.Role.Arn != "arn:aws:iam::000000000000:role/app" || (*r.Role.RoleId)[:4] != "AROA" || *r.Role.MaxSessionDuration != 3600 {
		t.Fatalf("CreateRole = %+v", r.Role)
	}
	if decodeDoc(t, r.Role.AssumeRolePolicyDocument) != trustAcct {
		t.Fatalf("trust document = %s", *r.Role.AssumeRolePolicyDocument)
	}
	_, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustAcct)})
	wantCode(t, err, "EntityAlreadyExists")
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("bad"), AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Principal":"*","Action":"sts:AssumeRole"}]}`)})
	wantCode(t, err, "MalformedPolicyDocument")
	if !strings.Contains(err.Error(), "Effect") {
		t.Fatalf("message does not name the field: %v", err)
	}
	_, err = c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("long"), AssumeRolePolicyDocument: aws.String(trustAcct), MaxSessionDuration: aws.Int32(43201)})
	wantCode(t, err, "ValidationError")

	must(c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("app"), MaxSessionDuration: aws.Int32(43200)}))
	_, err = c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("app"), MaxSessionDuration: aws.Int32(3599)})
	wantCode(t, err, "ValidationError")
	_, err = c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("nope"), MaxSessionDuration: aws.Int32(3600)})
	wantCode(t, err, "NoSuchEntity")
	newTrust := strings.Replace(trustAcct, "root", "user/u+1 x", 1)
	must(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app"), PolicyDocument: aws.String(newTrust)}))
	_, err = c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app"), PolicyDocument: aws.String("{")})
	wantCode(t, err, "MalformedPolicyDocument")
	got := must(c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("APP")}))
	if *got.Role.MaxSessionDuration != 43200 || decodeDoc(t, got.Role.AssumeRolePolicyDocument) != newTrust || *got.Role.Description != "the app" {
		t.Fatalf("GetRole = %+v", got.Role)
	}
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("nope")})
	wantCode(t, err, "NoSuchEntity")
	must(c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("app"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}))
	if tags := must(c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String("app")})); len(tags.Tags) != 1 {
		t.Fatalf("ListRoleTags = %+v", tags.Tags)
	}
	must(c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String("app"), TagKeys: []string{"k"}}))
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("svc"), Path: aws.String("/service/"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	roles := must(c.ListRoles(ctx, &iam.ListRolesInput{PathPrefix: aws.String("/service/")}))
	if len(roles.Roles) != 1 || *roles.Roles[0].Arn != "arn:aws:iam::000000000000:role/service/svc" {
		t.Fatalf("ListRoles = %+v", roles.Roles)
	}
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowAll)}))
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")})
	wantCode(t, err, "DeleteConflict")
	must(c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("p")}))
	must(c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")}))
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")})
	wantCode(t, err, "NoSuchEntity")
}
