package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func kmsTag(k, v string) types.Tag { return types.Tag{TagKey: aws.String(k), TagValue: aws.String(v)} }

func TestKMS_Tags(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	id := aws.ToString(kmsNewKey(t, c, "").KeyId)
	list := func() string {
		t.Helper()
		var parts []string
		p := kms.NewListResourceTagsPaginator(c, &kms.ListResourceTagsInput{KeyId: aws.String(id), Limit: aws.Int32(1)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			wantOK(t, err)
			for _, tg := range out.Tags {
				parts = append(parts, aws.ToString(tg.TagKey)+"="+aws.ToString(tg.TagValue))
			}
		}
		return strings.Join(parts, ",")
	}
	_, err := c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag("env", "prod"), kmsTag("app", "")}})
	wantOK(t, err)
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag("env", "stage")}})
	wantOK(t, err)
	if got := list(); got != "app=,env=stage" {
		t.Fatalf("tags %s", got)
	}
	_, err = c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"app", "absent"}})
	wantOK(t, err)
	if got := list(); got != "env=stage" {
		t.Fatalf("after untag %s", got)
	}

	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag("AWS:x", "y")}})
	wantTyped[*types.TagException](t, err)
	var many []types.Tag
	for i := range 50 {
		many = append(many, kmsTag(fmt.Sprint("k", i), ""))
	}
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: many})
	wantTyped[*types.TagException](t, err)
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag(strings.Repeat("k", 129), "")}})
	wantCode(t, err, "ValidationException")
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag("k", strings.Repeat("v", 257))}})
	wantCode(t, err, "ValidationException")
	_, err = c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{""}})
	wantCode(t, err, "ValidationException")
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666"), Tags: []types.Tag{kmsTag("a", "b")}})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(id), Marker: aws.String("bogus")})
	wantTyped[*types.InvalidMarkerException](t, err)
	e.kmsPostWant(t, "TagResource", `{"KeyId":"`+id+`"}`, "ValidationException")

	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	wantOK(t, err)
	_, err = c.TagResource(ctx, &kms.TagResourceInput{KeyId: aws.String(id), Tags: []types.Tag{kmsTag("a", "b")}})
	wantTyped[*types.KMSInvalidStateException](t, err)
	_, err = c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: aws.String(id), TagKeys: []string{"env"}})
	wantTyped[*types.KMSInvalidStateException](t, err)
	if got := list(); got != "env=stage" {
		t.Fatalf("tags of a key pending deletion: %s", got)
	}
}

func TestKMS_KeyPolicy(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	id := aws.ToString(kmsNewKey(t, c, "").KeyId)

	out, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("default")})
	wantOK(t, err)
	var p struct {
		Version   string
		Statement []struct {
			Sid, Effect, Action, Resource string
			Principal                     struct{ AWS string }
		}
	}
	if err := json.Unmarshal([]byte(aws.ToString(out.Policy)), &p); err != nil {
		t.Fatalf("default policy is not JSON: %v", err)
	}
	if aws.ToString(out.PolicyName) != "default" || p.Version != "2012-10-17" || len(p.Statement) != 1 || p.Statement[0].Sid != "Enable IAM User Permissions" ||
		p.Statement[0].Principal.AWS != "arn:aws:iam::000000000000:root" || p.Statement[0].Action != "kms:*" || p.Statement[0].Effect != "Allow" {
		t.Fatalf("default policy: %s", aws.ToString(out.Policy))
	}

	// The key policy binds root too (as in AWS): keep the account's root.
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Admins","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/admin"},"Action":["kms:*"],"Resource":"*"},{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}`
	_, err = c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(doc), PolicyName: aws.String("default")})
	wantOK(t, err)
	out, err = c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if aws.ToString(out.Policy) != doc {
		t.Fatalf("stored policy %s", aws.ToString(out.Policy))
	}

	for _, bad := range []string{`{"Statement":[]}`, `[1]`, `{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`, `not json`} {
		_, err := c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(bad)})
		wantTyped[*types.MalformedPolicyDocumentException](t, err)
	}
	big := `{"Statement":{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},"Id":"` + strings.Repeat("x", 40000) + `"}`
	_, err = c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(big)})
	wantTyped[*types.LimitExceededException](t, err)
	_, err = c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: aws.String(id), Policy: aws.String(doc), PolicyName: aws.String("not-a-word")})
	wantCode(t, err, "ValidationException")
	_, err = c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(id), PolicyName: aws.String("other")})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666")})
	wantTyped[*types.NotFoundException](t, err)
	e.kmsPostWant(t, "PutKeyPolicy", `{"KeyId":"`+id+`"}`, "ValidationException")

	created, err := c.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String(doc)})
	wantOK(t, err)
	out, err = c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: created.KeyMetadata.KeyId})
	wantOK(t, err)
	if aws.ToString(out.Policy) != doc {
		t.Fatal("CreateKey's policy was not kept")
	}
}

// TestKMS_ManagedKeys: the account may use an AWS-managed key and read its
// metadata and policy, but not manage it — as in AWS, where the managed
// key's policy grants the account only Describe*, Get* and List*.
func TestKMS_ManagedKeys(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/secretsmanager")})
	wantOK(t, err)
	m := d.KeyMetadata
	if m.KeyManager != types.KeyManagerTypeAws || m.KeyState != types.KeyStateEnabled {
		t.Fatalf("managed key: %+v", m)
	}
	id := m.KeyId
	pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: id})
	wantOK(t, err)
	if !strings.Contains(aws.ToString(pol.Policy), "secretsmanager.us-east-1.amazonaws.com") {
		t.Fatalf("managed policy: %s", aws.ToString(pol.Policy))
	}
	st, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: id})
	wantOK(t, err)
	if !st.KeyRotationEnabled || aws.ToInt32(st.RotationPeriodInDays) != 365 || st.NextRotationDate == nil {
		t.Fatalf("managed rotation: %+v", st)
	}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/aws/secretsmanager"), Plaintext: []byte("x")})
	wantOK(t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantOK(t, err)

	calls := map[string]func() error{
		"DisableKey": func() error { _, err := c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id}); return err },
		"EnableKey":  func() error { _, err := c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: id}); return err },
		"ScheduleKeyDeletion": func() error {
			_, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: id})
			return err
		},
		"CancelKeyDeletion":  func() error { _, err := c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: id}); return err },
		"EnableKeyRotation":  func() error { _, err := c.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: id}); return err },
		"DisableKeyRotation": func() error { _, err := c.DisableKeyRotation(ctx, &kms.DisableKeyRotationInput{KeyId: id}); return err },
		"RotateKeyOnDemand":  func() error { _, err := c.RotateKeyOnDemand(ctx, &kms.RotateKeyOnDemandInput{KeyId: id}); return err },
		"PutKeyPolicy": func() error {
			_, err := c.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: id, Policy: pol.Policy})
			return err
		},
		"TagResource": func() error {
			_, err := c.TagResource(ctx, &kms.TagResourceInput{KeyId: id, Tags: []types.Tag{kmsTag("a", "b")}})
			return err
		},
		"UntagResource": func() error {
			_, err := c.UntagResource(ctx, &kms.UntagResourceInput{KeyId: id, TagKeys: []string{"a"}})
			return err
		},
		"CreateAlias": func() error {
			_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/mine"), TargetKeyId: id})
			return err
		},
	}
	for op, call := range calls {
		t.Run(op, func(t *testing.T) {
			err := call()
			wantCode(t, err, "AccessDeniedException")
			if !strings.Contains(err.Error(), "is not authorized to perform: kms:"+op) {
				t.Fatalf("message: %v", err)
			}
		})
	}
	if s := kmsState(t, c, aws.ToString(id)); s != types.KeyStateEnabled {
		t.Fatalf("managed key state %s", s)
	}
}
