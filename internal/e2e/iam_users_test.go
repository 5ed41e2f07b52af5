package e2e_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestIAM_Users(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	out := must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice"), Path: aws.String("/dev/"), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}}))
	if *out.User.Arn != "arn:aws:iam::000000000000:user/dev/alice" || len(*out.User.UserId) != 21 || (*out.User.UserId)[:4] != "AIDA" {
		t.Fatalf("CreateUser = %+v", out.User)
	}
	_, err := c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ALICE")})
	wantCode(t, err, "EntityAlreadyExists")
	_, err = c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bad name")})
	wantCode(t, err, "ValidationError")

	got := must(c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("alice")}))
	if *got.User.UserName != "alice" || len(got.User.Tags) != 1 {
		t.Fatalf("GetUser = %+v", got.User)
	}
	_, err = c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
	wantCode(t, err, "NoSuchEntity")
	var nse *types.NoSuchEntityException
	if !asErr(err, &nse) {
		t.Fatalf("not a NoSuchEntityException: %T", err)
	}
	root := must(c.GetUser(ctx, &iam.GetUserInput{}))
	if *root.User.Arn != "arn:aws:iam::000000000000:root" {
		t.Fatalf("GetUser() as root = %+v", root.User)
	}

	for _, n := range []string{"bob", "carol"} {
		must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(n)}))
	}
	page := must(c.ListUsers(ctx, &iam.ListUsersInput{MaxItems: aws.Int32(2)}))
	if len(page.Users) != 2 || !page.IsTruncated || page.Marker == nil {
		t.Fatalf("ListUsers page 1 = %d users, truncated %v", len(page.Users), page.IsTruncated)
	}
	rest := must(c.ListUsers(ctx, &iam.ListUsersInput{Marker: page.Marker}))
	if len(rest.Users) != 1 || rest.IsTruncated || *rest.Users[0].UserName != "carol" {
		t.Fatalf("ListUsers page 2 = %+v", rest.Users)
	}
	dev := must(c.ListUsers(ctx, &iam.ListUsersInput{PathPrefix: aws.String("/dev/")}))
	if len(dev.Users) != 1 {
		t.Fatalf("ListUsers /dev/ = %d", len(dev.Users))
	}
	_, err = c.ListUsers(ctx, &iam.ListUsersInput{Marker: aws.String("garbage!")})
	wantCode(t, err, "InvalidInput")

	// Tags.
	must(c.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("alice"), Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("TEAM"), Value: aws.String("b")}}}))
	tags := must(c.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String("alice")}))
	if len(tags.Tags) != 2 {
		t.Fatalf("ListUserTags = %+v", tags.Tags)
	}
	must(c.UntagUser(ctx, &iam.UntagUserInput{UserName: aws.String("alice"), TagKeys: []string{"env"}}))
	tags = must(c.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String("alice")}))
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "b" {
		t.Fatalf("after untag = %+v", tags.Tags)
	}
	var many []types.Tag
	for i := range 51 {
		many = append(many, types.Tag{Key: aws.String(string(rune('a'+i%26)) + string(rune('a'+i/26))), Value: aws.String("v")})
	}
	_, err = c.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("bob"), Tags: many})
	wantCode(t, err, "ValidationError")
	_, err = c.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("bob"), Tags: many[:50]})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.TagUser(ctx, &iam.TagUserInput{UserName: aws.String("bob"), Tags: []types.Tag{{Key: aws.String("one-more"), Value: aws.String("v")}}})
	wantCode(t, err, "LimitExceeded")

	// DeleteUser: conflicts while keys, policies or groups remain.
	k := must(c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("bob")}))
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("bob")})
	wantCode(t, err, "DeleteConflict")
	must(c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("bob"), AccessKeyId: k.AccessKey.AccessKeyId}))
	must(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("bob"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowAll)}))
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("bob")})
	wantCode(t, err, "DeleteConflict")
	must(c.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("bob"), PolicyName: aws.String("p")}))
	must(c.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("g")}))
	must(c.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("g"), UserName: aws.String("bob")}))
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("bob")})
	wantCode(t, err, "DeleteConflict")
	must(c.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("g"), UserName: aws.String("bob")}))
	must(c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("bob")}))
	_, err = c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("bob")})
	wantCode(t, err, "NoSuchEntity")
}
