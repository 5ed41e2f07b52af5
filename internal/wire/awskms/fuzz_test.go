package awskms_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/wire/awsjson"
	"github.com/arca-vault/arca/internal/wire/awskms"
)

const fuzzSecret = "fuzz-secret-plaintext"

// fixture is the KMS dialect over a fresh memory store and a real keyring,
// with one customer key (alias/fuzz), a ciphertext under it, a key pending
// deletion, and the context of an authenticated caller. Bodies may say
// KEYID, BLOB and PENDID for the key's id, the ciphertext's base64 and the
// pending key's id.
type fixture struct {
	svc     *awsjson.Service
	ctx     context.Context
	keyID   string
	blob    string
	pending string
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	st := memory.New()
	tb.Cleanup(func() { _ = st.Close() })
	root, err := keyring.NewRoot(bytes.Repeat([]byte{7}, keyring.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	k := kms.New(kms.Config{Store: st, Root: root, Account: "000000000000"})
	ctx := arca.WithCaller(context.Background(), &arca.Caller{
		Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root", RequestID: "fuzz",
	})
	key, err := k.Create(ctx, "us-east-1", kms.CreateInput{Description: "fuzz", Tags: []kms.Tag{{Key: "env", Value: "fuzz"}}})
	if err != nil {
		tb.Fatal(err)
	}
	if err := k.CreateAlias(ctx, "us-east-1", "alias/fuzz", key.ID); err != nil {
		tb.Fatal(err)
	}
	sealed, err := k.Encrypt(ctx, "us-east-1", key.ID, []byte(fuzzSecret), map[string]string{"a": "b"})
	if err != nil {
		tb.Fatal(err)
	}
	pending, err := k.Create(ctx, "us-east-1", kms.CreateInput{})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := k.ScheduleDeletion(ctx, "us-east-1", pending.ID, 7); err != nil {
		tb.Fatal(err)
	}
	return &fixture{svc: awskms.New(k, nil), ctx: ctx, keyID: key.ID, blob: base64.StdEncoding.EncodeToString(sealed.Blob), pending: pending.ID}
}

func (f *fixture) call(op string, body []byte) (int, []byte) {
	body = bytes.ReplaceAll(body, []byte("KEYID"), []byte(f.keyID))
	body = bytes.ReplaceAll(body, []byte("BLOB"), []byte(f.blob))
	body = bytes.ReplaceAll(body, []byte("PENDID"), []byte(f.pending))
	rec := httptest.NewRecorder()
	f.svc.Handle(f.ctx, rec, op, body)
	return rec.Code, rec.Body.Bytes()
}

var fuzzSeeds = map[string][]string{
	"CreateKey":                       {`{"Description":"ok","Tags":[{"TagKey":"a","TagValue":""}]}`, `{"Description":"d","Tags":[{"TagKey":"a","TagValue":"b"}],"Policy":"{\"Statement\":[]}"}`, `{"KeySpec":"RSA_2048","MultiRegion":true}`},
	"DescribeKey":                     {`{"KeyId":"alias/fuzz"}`, `{"KeyId":"arn:aws:kms:us-east-1:000000000000:key/KEYID","GrantTokens":["t"]}`},
	"ListKeys":                        {`{"Limit":1}`, `{"Marker":"x"}`},
	"EnableKey":                       {`{"KeyId":"KEYID"}`},
	"DisableKey":                      {`{"KeyId":"KEYID"}`},
	"ScheduleKeyDeletion":             {`{"KeyId":"KEYID","PendingWindowInDays":7}`, `{"KeyId":"KEYID","PendingWindowInDays":400}`},
	"CancelKeyDeletion":               {`{"KeyId":"PENDID"}`, `{"KeyId":"KEYID"}`},
	"EnableKeyRotation":               {`{"KeyId":"KEYID","RotationPeriodInDays":90}`},
	"DisableKeyRotation":              {`{"KeyId":"KEYID"}`},
	"GetKeyRotationStatus":            {`{"KeyId":"KEYID"}`},
	"RotateKeyOnDemand":               {`{"KeyId":"KEYID"}`},
	"ListKeyRotations":                {`{"KeyId":"KEYID","IncludeKeyMaterial":"ALL_KEY_MATERIAL","Limit":1}`},
	"CreateAlias":                     {`{"AliasName":"alias/x","TargetKeyId":"KEYID"}`, `{"AliasName":"alias/aws/x","TargetKeyId":"KEYID"}`},
	"UpdateAlias":                     {`{"AliasName":"alias/fuzz","TargetKeyId":"KEYID"}`},
	"DeleteAlias":                     {`{"AliasName":"alias/fuzz"}`},
	"ListAliases":                     {`{"KeyId":"KEYID","Limit":1}`, `{"Marker":"YTphbGlhcy9h"}`},
	"Encrypt":                         {`{"KeyId":"alias/fuzz","Plaintext":"aGVsbG8=","EncryptionContext":{"a":"b"}}`, `{"KeyId":"KEYID","Plaintext":"aGVsbG8=","DryRun":true,"EncryptionAlgorithm":"RSAES_OAEP_SHA_1"}`},
	"Decrypt":                         {`{"CiphertextBlob":"BLOB","EncryptionContext":{"a":"b"}}`, `{"CiphertextBlob":"BLOB","KeyId":"alias/aws/ssm"}`, `{"CiphertextBlob":"AgQAAAAB","Recipient":{}}`},
	"ReEncrypt":                       {`{"CiphertextBlob":"BLOB","SourceEncryptionContext":{"a":"b"},"DestinationKeyId":"alias/fuzz"}`},
	"GenerateDataKey":                 {`{"KeyId":"KEYID","KeySpec":"AES_256"}`, `{"KeyId":"KEYID","NumberOfBytes":1024,"KeySpec":"AES_128"}`},
	"GenerateDataKeyWithoutPlaintext": {`{"KeyId":"alias/fuzz","NumberOfBytes":16}`},
	"GenerateRandom":                  {`{"NumberOfBytes":32}`, `{"NumberOfBytes":0,"CustomKeyStoreId":"c"}`},
	"TagResource":                     {`{"KeyId":"KEYID","Tags":[{"TagKey":"team","TagValue":"x"}]}`, `{"KeyId":"KEYID","Tags":[{"TagKey":"aws:x","TagValue":""}]}`, `{"KeyId":"PENDID","Tags":[]}`},
	"UntagResource":                   {`{"KeyId":"KEYID","TagKeys":["env"]}`},
	"ListResourceTags":                {`{"KeyId":"KEYID","Limit":1}`},
	"GetKeyPolicy":                    {`{"KeyId":"KEYID","PolicyName":"default"}`},
	"PutKeyPolicy":                    {`{"KeyId":"KEYID","Policy":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}"}`},
}

// FuzzHandlers feeds arbitrary bodies to every operation of the dialect
// (and to one it does not have). No input may panic or get a 5xx: the store
// is in memory and the keyring consistent, so nothing here is a genuine
// internal failure. Every answer is JSON; every refusal names its code and
// never carries the plaintext.
func FuzzHandlers(f *testing.F) {
	fx := newFixture(f)
	ops := make([]string, 0, len(fx.svc.Ops)+1)
	for op := range fx.svc.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	ops = append(ops, "NoSuchOperation")
	for i, op := range ops {
		for _, b := range fuzzSeeds[op] {
			f.Add(uint8(i), []byte(b))
		}
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`{"KeyId":["x"],"Limit":1.5,"Plaintext":"!!"}`))
		f.Add(uint8(i), []byte(`{"KeyId":"arn:aws:iam::1:user/x","TargetKeyId":"KEYID","AliasName":"alias/a:b"}`))
	}
	secret64 := base64.StdEncoding.EncodeToString([]byte(fuzzSecret))

	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		fx := newFixture(t)
		op := ops[int(which)%len(ops)]
		status, out := fx.call(op, body)
		if status >= 500 {
			t.Fatalf("%s %q: %d %s", op, body, status, out)
		}
		var env struct {
			Type string `json:"__type"`
		}
		if err := json.Unmarshal(out, &env); err != nil {
			t.Fatalf("%s %q: answer is not JSON: %s", op, body, out)
		}
		if status >= 400 && env.Type == "" {
			t.Fatalf("%s %q: %d without an error code: %s", op, body, status, out)
		}
		if status >= 400 && (strings.Contains(string(out), fuzzSecret) || strings.Contains(string(out), secret64)) {
			t.Fatalf("%s %q: an error carries the plaintext: %s", op, body, out)
		}
	})
}

// TestSeeds_Succeed checks that the fuzz seeds reach the core: each
// operation has at least one seed that the dialect accepts.
func TestSeeds_Succeed(t *testing.T) {
	for op, seeds := range fuzzSeeds {
		t.Run(op, func(t *testing.T) {
			var answers []string
			for _, s := range seeds {
				status, out := newFixture(t).call(op, []byte(s))
				if status == 200 {
					return
				}
				answers = append(answers, string(out))
			}
			t.Fatalf("no seed succeeded: %v", answers)
		})
	}
}
