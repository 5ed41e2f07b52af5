package e2e_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestKMS_Aliases(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	a, b := aws.ToString(kmsNewKey(t, c, "a").KeyId), aws.ToString(kmsNewKey(t, c, "b").KeyId)
	create := func(name, target string) error {
		_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(target)})
		return err
	}
	wantOK(t, create("alias/web", a))

	t.Run("create_errors", func(t *testing.T) {
		wantTyped[*types.AlreadyExistsException](t, create("alias/web", b))
		wantTyped[*types.InvalidAliasNameException](t, create("alias/aws/web", a))
		wantTyped[*types.InvalidAliasNameException](t, create("alias/a:b", a))
		wantCode(t, create("web", a), "ValidationException")
		wantCode(t, create("alias/sp ace", a), "ValidationException")
		wantTyped[*types.NotFoundException](t, create("alias/x", "0b7e3a4c-1111-2222-3333-444455556666"))
		wantTyped[*types.NotFoundException](t, create("alias/x", "alias/web"))
		p := aws.ToString(kmsNewKey(t, c, "p").KeyId)
		_, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(p), PendingWindowInDays: aws.Int32(7)})
		wantOK(t, err)
		wantTyped[*types.KMSInvalidStateException](t, create("alias/p", p))
	})

	t.Run("update", func(t *testing.T) {
		_, err := c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String("alias/web"), TargetKeyId: aws.String(b)})
		wantOK(t, err)
		d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/web")})
		wantOK(t, err)
		if aws.ToString(d.KeyMetadata.KeyId) != b {
			t.Fatal("alias/web was not moved")
		}
		_, err = c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String("alias/none"), TargetKeyId: aws.String(b)})
		wantTyped[*types.NotFoundException](t, err)
		_, err = c.UpdateAlias(ctx, &kms.UpdateAliasInput{AliasName: aws.String("alias/aws/ssm"), TargetKeyId: aws.String(b)})
		wantCode(t, err, "AccessDeniedException")
	})

	t.Run("list", func(t *testing.T) {
		for i := range 4 {
			wantOK(t, create(fmt.Sprintf("alias/page-%d", i), a))
		}
		_, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/ssm")})
		wantOK(t, err)
		var names []string
		pages := 0
		p := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{Limit: aws.Int32(2)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			wantOK(t, err)
			pages++
			for _, al := range out.Aliases {
				if aws.ToString(al.AliasArn) != "arn:aws:kms:us-east-1:000000000000:"+aws.ToString(al.AliasName) || aws.ToString(al.TargetKeyId) == "" {
					t.Fatalf("entry %+v", al)
				}
				names = append(names, aws.ToString(al.AliasName))
			}
		}
		want := "[alias/aws/ssm alias/page-0 alias/page-1 alias/page-2 alias/page-3 alias/web]"
		if fmt.Sprint(names) != want || pages != 3 {
			t.Fatalf("listed %v in %d pages, want %s in 3", names, pages, want)
		}
		out, err := c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: aws.String(b)})
		wantOK(t, err)
		if len(out.Aliases) != 1 || aws.ToString(out.Aliases[0].AliasName) != "alias/web" || out.Aliases[0].CreationDate == nil || out.Aliases[0].LastUpdatedDate == nil {
			t.Fatalf("aliases of b: %+v", out.Aliases)
		}
		_, err = c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666")})
		wantTyped[*types.NotFoundException](t, err)
		_, err = c.ListAliases(ctx, &kms.ListAliasesInput{KeyId: aws.String("arn:aws:s3:::bucket")})
		wantTyped[*types.InvalidArnException](t, err)
		_, err = c.ListAliases(ctx, &kms.ListAliasesInput{Marker: aws.String("bogus")})
		wantTyped[*types.InvalidMarkerException](t, err)
		_, err = c.ListAliases(ctx, &kms.ListAliasesInput{Limit: aws.Int32(0)})
		wantCode(t, err, "ValidationException")
	})

	t.Run("delete", func(t *testing.T) {
		_, err := c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String("alias/page-0")})
		wantOK(t, err)
		_, err = c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String("alias/page-0")})
		wantTyped[*types.NotFoundException](t, err)
		_, err = c.DeleteAlias(ctx, &kms.DeleteAliasInput{AliasName: aws.String("alias/aws/ssm")})
		wantCode(t, err, "AccessDeniedException")
		_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(a)})
		wantOK(t, err)
	})
}
