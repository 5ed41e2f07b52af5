package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestIAM_AccessKeys covers the key operations and that deactivating or
// deleting a key refuses the very next request, on IAM/STS (Query) and on
// SSM (JSON) alike.
func TestIAM_AccessKeys(t *testing.T) {
	e, clk := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	ak, sk := makeUser(t, c, "dev", allowAll)
	k2 := must(c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("dev")}))
	if len(*k2.AccessKey.AccessKeyId) != 20 || (*k2.AccessKey.AccessKeyId)[:4] != "AKIA" || len(*k2.AccessKey.SecretAccessKey) != 40 || k2.AccessKey.Status != types.StatusTypeActive {
		t.Fatalf("CreateAccessKey = %+v", k2.AccessKey)
	}
	_, err := c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("dev")})
	wantCode(t, err, "LimitExceeded")
	_, err = c.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("nobody")})
	wantCode(t, err, "NoSuchEntity")
	list := must(c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("dev")}))
	if len(list.AccessKeyMetadata) != 2 {
		t.Fatalf("ListAccessKeys = %+v", list.AccessKeyMetadata)
	}

	// The key works, and identifies its user.
	id := must(e.stsAs(ak, sk, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *id.Arn != "arn:aws:iam::000000000000:user/dev" || (*id.UserId)[:4] != "AIDA" {
		t.Fatalf("GetCallerIdentity = %+v", id)
	}
	// Without UserName, the key operations act on the calling user.
	own := must(e.iamAs(ak, sk, "").ListAccessKeys(ctx, &iam.ListAccessKeysInput{}))
	if len(own.AccessKeyMetadata) != 2 {
		t.Fatalf("ListAccessKeys as the user = %d", len(own.AccessKeyMetadata))
	}
	userSSM := e.ssmAs(ak, sk, "")
	must(e.ssmAs("test", "test", "").PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/k"), Value: aws.String("v"), Type: "String"}))
	must(userSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/k")}))
	clk.advance(time.Minute)
	used := must(c.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(ak)}))
	if *used.UserName != "dev" || used.AccessKeyLastUsed.LastUsedDate == nil || *used.AccessKeyLastUsed.ServiceName != "ssm" {
		t.Fatalf("GetAccessKeyLastUsed = %+v", used.AccessKeyLastUsed)
	}
	never := must(c.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: k2.AccessKey.AccessKeyId}))
	if never.AccessKeyLastUsed.LastUsedDate != nil || *never.AccessKeyLastUsed.ServiceName != "N/A" {
		t.Fatalf("never used = %+v", never.AccessKeyLastUsed)
	}
	_, err = c.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String("AKIANOTAKEY000000000")})
	wantCode(t, err, "NoSuchEntity")

	// Inactive: refused at once, on both protocols.
	must(c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String(ak), Status: types.StatusTypeInactive}))
	_, err = userSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/k")})
	wantCode(t, err, "UnrecognizedClientException")
	_, err = e.stsAs(ak, sk, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
	must(e.stsAs(*k2.AccessKey.AccessKeyId, *k2.AccessKey.SecretAccessKey, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	must(c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String(ak), Status: types.StatusTypeActive}))
	must(userSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/k")}))
	_, err = c.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String("AKIANOTAKEY000000000"), Status: types.StatusTypeActive})
	wantCode(t, err, "NoSuchEntity")

	// Deleted: refused at once.
	must(c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String(ak)}))
	_, err = userSSM.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/k")})
	wantCode(t, err, "UnrecognizedClientException")
	_, err = c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("dev"), AccessKeyId: aws.String(ak)})
	wantCode(t, err, "NoSuchEntity")
	list = must(c.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: aws.String("dev")}))
	if len(list.AccessKeyMetadata) != 1 || *list.AccessKeyMetadata[0].AccessKeyId != *k2.AccessKey.AccessKeyId {
		t.Fatalf("after delete = %+v", list.AccessKeyMetadata)
	}
}

// TestIAM_DeletedUserKeyRefused: a user deleted (after its keys) and
// created again under the same name does not revive anything.
func TestIAM_DeletedUserKeyRefused(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	ak, sk := makeUser(t, c, "temp", "")
	must(e.stsAs(ak, sk, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	must(c.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("temp"), AccessKeyId: aws.String(ak)}))
	must(c.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("temp")}))
	must(c.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("temp")}))
	_, err := e.stsAs(ak, sk, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
}
