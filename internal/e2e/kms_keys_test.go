package e2e_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestKMS_CreateDescribeKey(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{
		Description: aws.String("stage-euc1-atrax-rds"),
		Tags:        []types.Tag{{TagKey: aws.String("Service"), TagValue: aws.String("atrax")}},
	})
	wantOK(t, err)
	m := out.KeyMetadata
	id := aws.ToString(m.KeyId)
	if aws.ToString(m.Arn) != "arn:aws:kms:us-east-1:000000000000:key/"+id || aws.ToString(m.AWSAccountId) != kmsAccount ||
		m.KeyState != types.KeyStateEnabled || !m.Enabled || m.KeyManager != types.KeyManagerTypeCustomer ||
		m.KeyUsage != types.KeyUsageTypeEncryptDecrypt || m.KeySpec != types.KeySpecSymmetricDefault || m.Origin != types.OriginTypeAwsKms ||
		len(m.EncryptionAlgorithms) != 1 || m.CreationDate == nil || aws.ToString(m.Description) != "stage-euc1-atrax-rds" ||
		len(aws.ToString(m.CurrentKeyMaterialId)) != 64 {
		t.Fatalf("metadata: %+v", m)
	}
	tags, err := c.ListResourceTags(ctx, &kms.ListResourceTagsInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].TagKey) != "Service" {
		t.Fatalf("tags: %+v", tags.Tags)
	}

	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(id)})
	wantOK(t, err)
	for _, ref := range []string{id, aws.ToString(m.Arn), "alias/app", "arn:aws:kms:us-east-1:000000000000:alias/app"} {
		d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
		wantOK(t, err)
		if aws.ToString(d.KeyMetadata.KeyId) != id {
			t.Fatalf("%s describes %s", ref, aws.ToString(d.KeyMetadata.KeyId))
		}
	}

	t.Run("not_found", func(t *testing.T) {
		for _, ref := range []string{"alias/none", "0b7e3a4c-1111-2222-3333-444455556666", "garbage", strings.Replace(aws.ToString(m.Arn), kmsRegion, "us-west-2", 1)} {
			_, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(ref)})
			wantTyped[*types.NotFoundException](t, err)
		}
		_, err := e.kms("eu-west-1").DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
		wantTyped[*types.NotFoundException](t, err)
	})
	t.Run("invalid_arn", func(t *testing.T) {
		_, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("arn:aws:iam::000000000000:user/x")})
		wantTyped[*types.InvalidArnException](t, err)
	})
	t.Run("validation", func(t *testing.T) {
		_, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(strings.Repeat("k", 2049))})
		wantCode(t, err, "ValidationException")
		_, err = c.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String(strings.Repeat("d", 8193))})
		wantCode(t, err, "ValidationException")
		r := e.kmsPostWant(t, "DescribeKey", `{}`, "ValidationException")
		if !strings.Contains(string(r.Body), "Value null at 'keyId' failed to satisfy constraint: Member must not be null") {
			t.Fatalf("message: %s", r.Body)
		}
		e.kmsPostWant(t, "CreateKey", `{"KeyUsage":"NOPE"}`, "ValidationException")
		e.kmsPostWant(t, "DescribeKey", `{"KeyId":7}`, "SerializationException")
		e.kmsPostWant(t, "NoSuchOperation", `{}`, "UnknownOperationException")
	})
	t.Run("unsupported", func(t *testing.T) {
		for _, in := range []*kms.CreateKeyInput{
			{KeySpec: types.KeySpecRsa2048},
			{KeyUsage: types.KeyUsageTypeSignVerify},
			{Origin: types.OriginTypeExternal},
			{MultiRegion: aws.Bool(true)},
		} {
			_, err := c.CreateKey(ctx, in)
			wantTyped[*types.UnsupportedOperationException](t, err)
		}
		_, err := c.CreateKey(ctx, &kms.CreateKeyInput{CustomKeyStoreId: aws.String("cks-1")})
		wantTyped[*types.CustomKeyStoreNotFoundException](t, err)
	})
	t.Run("tags", func(t *testing.T) {
		_, err := c.CreateKey(ctx, &kms.CreateKeyInput{Tags: []types.Tag{{TagKey: aws.String("aws:x"), TagValue: aws.String("")}}})
		wantTyped[*types.TagException](t, err)
		_, err = c.CreateKey(ctx, &kms.CreateKeyInput{Tags: []types.Tag{{TagKey: aws.String("a"), TagValue: aws.String("1")}, {TagKey: aws.String("a"), TagValue: aws.String("2")}}})
		wantTyped[*types.TagException](t, err)
		var many []types.Tag
		for i := range 51 {
			many = append(many, types.Tag{TagKey: aws.String(fmt.Sprint("t", i)), TagValue: aws.String("")})
		}
		_, err = c.CreateKey(ctx, &kms.CreateKeyInput{Tags: many})
		wantTyped[*types.TagException](t, err)
	})
	t.Run("policy", func(t *testing.T) {
		_, err := c.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String(`{"Version":"2012-10-17"}`)})
		wantTyped[*types.MalformedPolicyDocumentException](t, err)
		_, err = c.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String("not json")})
		wantTyped[*types.MalformedPolicyDocumentException](t, err)
		_, err = c.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String("{\"Statement\":\"\u2603\"}")})
		wantCode(t, err, "ValidationException")
	})
}

func TestKMS_ListKeys(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	want := map[string]bool{}
	for i := range 5 {
		want[aws.ToString(kmsNewKey(t, c, fmt.Sprint(i)).KeyId)] = true
	}
	managed, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/ssm")})
	wantOK(t, err)
	want[aws.ToString(managed.KeyMetadata.KeyId)] = true

	got := map[string]bool{}
	pages := 0
	p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{Limit: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		wantOK(t, err)
		pages++
		for _, k := range out.Keys {
			if aws.ToString(k.KeyArn) != "arn:aws:kms:us-east-1:000000000000:key/"+aws.ToString(k.KeyId) {
				t.Fatalf("entry %+v", k)
			}
			got[aws.ToString(k.KeyId)] = true
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || pages != 3 {
		t.Fatalf("listed %v in %d pages, want %v in 3", got, pages, want)
	}
	_, err = c.ListKeys(ctx, &kms.ListKeysInput{Marker: aws.String("bogus")})
	wantTyped[*types.InvalidMarkerException](t, err)
	_, err = c.ListKeys(ctx, &kms.ListKeysInput{Limit: aws.Int32(1001)})
	wantCode(t, err, "ValidationException")
	west, err := e.kms("us-west-2").ListKeys(ctx, &kms.ListKeysInput{})
	wantOK(t, err)
	if len(west.Keys) != 0 || west.Truncated {
		t.Fatalf("us-west-2 lists %+v", west.Keys)
	}
}

func TestKMS_EnableDisableKey(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	id := aws.ToString(kmsNewKey(t, c, "").KeyId)
	_, err := c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if s := kmsState(t, c, id); s != types.KeyStateDisabled {
		t.Fatalf("state %s", s)
	}
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
	wantOK(t, err)
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String("arn:aws:kms:us-east-1:000000000000:key/" + id)})
	wantOK(t, err)
	if s := kmsState(t, c, id); s != types.KeyStateEnabled {
		t.Fatalf("state %s", s)
	}
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666")})
	wantTyped[*types.NotFoundException](t, err)
	// These operations take a key id or key ARN, not an alias.
	_, err = c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/k"), TargetKeyId: aws.String(id)})
	wantOK(t, err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String("alias/k")})
	wantTyped[*types.NotFoundException](t, err)

	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	wantOK(t, err)
	_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(id)})
	wantTyped[*types.KMSInvalidStateException](t, err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
	wantTyped[*types.KMSInvalidStateException](t, err)
}

func TestKMS_ScheduleCancelDeletion(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	id := aws.ToString(kmsNewKey(t, c, "").KeyId)

	for _, days := range []int32{0, 1, 6, 31, 365} {
		_, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(days)})
		wantCode(t, err, "ValidationException")
	}
	if s := kmsState(t, c, id); s != types.KeyStateEnabled {
		t.Fatalf("a refused window changed the state to %s", s)
	}

	before := time.Now()
	out, err := c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if aws.ToString(out.KeyId) != "arn:aws:kms:us-east-1:000000000000:key/"+id || out.KeyState != types.KeyStatePendingDeletion ||
		aws.ToInt32(out.PendingWindowInDays) != 30 || out.DeletionDate.Sub(before) < 30*24*time.Hour-time.Minute || out.DeletionDate.Sub(before) > 30*24*time.Hour+time.Minute {
		t.Fatalf("scheduled: %+v", out)
	}
	d, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if d.KeyMetadata.DeletionDate == nil || aws.ToInt32(d.KeyMetadata.PendingDeletionWindowInDays) != 30 || d.KeyMetadata.Enabled {
		t.Fatalf("described: %+v", d.KeyMetadata)
	}
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	wantTyped[*types.KMSInvalidStateException](t, err)

	cancel, err := c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if aws.ToString(cancel.KeyId) != aws.ToString(out.KeyId) {
		t.Fatalf("cancel KeyId %s", aws.ToString(cancel.KeyId))
	}
	d, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	wantOK(t, err)
	if d.KeyMetadata.KeyState != types.KeyStateDisabled || d.KeyMetadata.DeletionDate != nil || d.KeyMetadata.PendingDeletionWindowInDays != nil {
		t.Fatalf("after cancel: %+v", d.KeyMetadata)
	}
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(id)})
	wantTyped[*types.KMSInvalidStateException](t, err)
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String("0b7e3a4c-1111-2222-3333-444455556666")})
	wantTyped[*types.NotFoundException](t, err)
	e.kmsPostWant(t, "ScheduleKeyDeletion", `{"KeyId":"`+id+`","PendingWindowInDays":"7"}`, "SerializationException")
}

// fakeClock is a clock that a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// resigner is an HTTP client that signs each request again at the fake
// clock's time: the server checks X-Amz-Date against its own (fake) clock.
type resigner struct{ clock *fakeClock }

func (r resigner) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.Header.Del("Authorization")
	req.Header.Del("X-Amz-Date")
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	if err := v4.NewSigner().SignHTTP(req.Context(), creds, req, hex.EncodeToString(sum[:]), "kms", kmsRegion, r.clock.Now()); err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

// TestKMS_DeletionWindowPasses moves the server's clock past a key's
// deletion date: the key is gone at once, and the purger that Serve starts
// deletes its records and aliases.
func TestKMS_DeletionWindowPasses(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	e := start(t, server.Config{Now: clock.Now})
	cfg := e.awsConfig(kmsRegion, "test", "test")
	cfg.HTTPClient = resigner{clock}
	c := kms.NewFromConfig(cfg)
	ctx := context.Background()
	id := aws.ToString(kmsNewKey(t, c, "doomed").KeyId)
	keep := aws.ToString(kmsNewKey(t, c, "kept").KeyId)
	_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/doomed"), TargetKeyId: aws.String(id)})
	wantOK(t, err)
	ct, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: []byte("soon lost")})
	wantOK(t, err)
	_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
	wantOK(t, err)

	clock.Advance(7*24*time.Hour - time.Minute)
	if s := kmsState(t, c, id); s != types.KeyStatePendingDeletion {
		t.Fatalf("a minute before its date the key is %s", s)
	}
	clock.Advance(time.Minute)
	_, err = c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(id)})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: ct.CiphertextBlob})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(id)})
	wantTyped[*types.NotFoundException](t, err)

	// Serve starts the purger, which runs at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	wantOK(t, err)
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(sctx, ln) }()
	defer func() { stop(); <-served }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := c.ListAliases(ctx, &kms.ListAliasesInput{})
		wantOK(t, err)
		if len(out.Aliases) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the purger did not delete the alias of the deleted key: %+v", out.Aliases)
		}
		time.Sleep(20 * time.Millisecond)
	}
	keys, err := c.ListKeys(ctx, &kms.ListKeysInput{})
	wantOK(t, err)
	if len(keys.Keys) != 1 || aws.ToString(keys.Keys[0].KeyId) != keep {
		t.Fatalf("keys after purge: %+v", keys.Keys)
	}
}
