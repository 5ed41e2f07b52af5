package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

func TestKMS_EncryptDecrypt(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	m := kmsNewKey(t, c, "crypto")
	id, arn := aws.ToString(m.KeyId), aws.ToString(m.Arn)
	_, err := c.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/crypto"), TargetKeyId: aws.String(id)})
	wantOK(t, err)
	secret := []byte("rds-master-password-do-not-leak")
	ec := map[string]string{"service": "atrax", "env": "stage"}

	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/crypto"), Plaintext: secret, EncryptionContext: ec})
	wantOK(t, err)
	if aws.ToString(enc.KeyId) != arn || enc.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault ||
		bytes.Contains(enc.CiphertextBlob, secret) || len(enc.CiphertextBlob) > 6144 {
		t.Fatalf("encrypt: key %s, %d-byte blob", aws.ToString(enc.KeyId), len(enc.CiphertextBlob))
	}

	t.Run("decrypt_without_key_id", func(t *testing.T) {
		dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"env": "stage", "service": "atrax"}})
		wantOK(t, err)
		if !bytes.Equal(dec.Plaintext, secret) || aws.ToString(dec.KeyId) != arn || dec.EncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
			t.Fatalf("decrypt: key %s", aws.ToString(dec.KeyId))
		}
	})
	t.Run("decrypt_with_key_id", func(t *testing.T) {
		for _, ref := range []string{id, arn, "alias/crypto", "arn:aws:kms:us-east-1:000000000000:alias/crypto"} {
			dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: aws.String(ref)})
			wantOK(t, err)
			if !bytes.Equal(dec.Plaintext, secret) {
				t.Fatalf("%s: wrong plaintext", ref)
			}
		}
	})
	t.Run("context_honoured", func(t *testing.T) {
		for _, other := range []map[string]string{nil, {"service": "atrax"}, {"service": "atrax", "env": "prod"}, {"service": "atrax", "env": "stage", "x": "y"}} {
			_, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: other})
			wantTyped[*types.InvalidCiphertextException](t, err)
			if strings.Contains(err.Error(), string(secret)) {
				t.Fatal("the error carries the plaintext")
			}
		}
	})
	t.Run("invalid_ciphertext", func(t *testing.T) {
		bad := bytes.Clone(enc.CiphertextBlob)
		bad[len(bad)/2] ^= 0x80
		for _, blob := range [][]byte{bad, []byte("garbage"), enc.CiphertextBlob[:20]} {
			_, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob, EncryptionContext: ec})
			wantTyped[*types.InvalidCiphertextException](t, err)
		}
	})
	t.Run("incorrect_key", func(t *testing.T) {
		other := aws.ToString(kmsNewKey(t, c, "other").KeyId)
		_, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: aws.String(other)})
		wantTyped[*types.IncorrectKeyException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: aws.String("alias/aws/ssm")})
		wantTyped[*types.IncorrectKeyException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, KeyId: aws.String("alias/none")})
		wantTyped[*types.NotFoundException](t, err)
	})
	t.Run("validation", func(t *testing.T) {
		_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: make([]byte, 4097)})
		wantCode(t, err, "ValidationException")
		if strings.Contains(err.Error(), "AAAA") {
			t.Fatal("the message echoes the plaintext")
		}
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: make([]byte, 4096)})
		wantOK(t, err)
		e.kmsPostWant(t, "Encrypt", `{"KeyId":"`+id+`","Plaintext":""}`, "ValidationException")
		e.kmsPostWant(t, "Encrypt", `{"KeyId":"`+id+`"}`, "ValidationException")
		e.kmsPostWant(t, "Decrypt", `{}`, "ValidationException")
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: make([]byte, 6145)})
		wantCode(t, err, "ValidationException")
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: secret, GrantTokens: make([]string, 11)})
		wantCode(t, err, "ValidationException")
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: secret, EncryptionAlgorithm: types.EncryptionAlgorithmSpecRsaesOaepSha256})
		wantTyped[*types.InvalidKeyUsageException](t, err)
		e.kmsPostWant(t, "Encrypt", `{"KeyId":"`+id+`","Plaintext":"%%%"}`, "SerializationException")
	})
	t.Run("dry_run", func(t *testing.T) {
		_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: secret, DryRun: aws.Bool(true)})
		wantTyped[*types.DryRunOperationException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec, DryRun: aws.Bool(true)})
		wantTyped[*types.DryRunOperationException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, DryRun: aws.Bool(true)})
		wantTyped[*types.InvalidCiphertextException](t, err)
	})
	t.Run("disabled_and_pending", func(t *testing.T) {
		_, err := c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
		wantOK(t, err)
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: secret})
		wantTyped[*types.DisabledException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec})
		wantTyped[*types.DisabledException](t, err)
		_, err = c.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
		wantOK(t, err)
		_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(id), Plaintext: secret})
		wantTyped[*types.KMSInvalidStateException](t, err)
		_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec})
		wantTyped[*types.KMSInvalidStateException](t, err)
		_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String(id), KeySpec: types.DataKeySpecAes256})
		wantTyped[*types.KMSInvalidStateException](t, err)
		_, err = c.CancelKeyDeletion(ctx, &kms.CancelKeyDeletionInput{KeyId: aws.String(id)})
		wantOK(t, err)
		_, err = c.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(id)})
		wantOK(t, err)
		dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: ec})
		wantOK(t, err)
		if !bytes.Equal(dec.Plaintext, secret) {
			t.Fatal("old ciphertext does not decrypt after cancel and enable")
		}
	})
	t.Run("unknown_key", func(t *testing.T) {
		_, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/none"), Plaintext: secret})
		wantTyped[*types.NotFoundException](t, err)
	})
}

func TestKMS_ReEncrypt(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	a, b := kmsNewKey(t, c, "a"), kmsNewKey(t, c, "b")
	src, dst := map[string]string{"from": "a"}, map[string]string{"to": "b"}
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: a.KeyId, Plaintext: []byte("payload"), EncryptionContext: src})
	wantOK(t, err)

	re, err := c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, SourceKeyId: a.KeyId, DestinationKeyId: b.Arn, DestinationEncryptionContext: dst})
	wantOK(t, err)
	if aws.ToString(re.SourceKeyId) != aws.ToString(a.Arn) || aws.ToString(re.KeyId) != aws.ToString(b.Arn) ||
		re.SourceEncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault || re.DestinationEncryptionAlgorithm != types.EncryptionAlgorithmSpecSymmetricDefault {
		t.Fatalf("re-encrypt: %+v", re)
	}
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: re.CiphertextBlob, EncryptionContext: dst})
	wantOK(t, err)
	if string(dec.Plaintext) != "payload" || aws.ToString(dec.KeyId) != aws.ToString(b.Arn) {
		t.Fatal("the re-encrypted blob does not decrypt under the destination key")
	}
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: b.KeyId})
	wantTyped[*types.InvalidCiphertextException](t, err)
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, SourceKeyId: b.KeyId, DestinationKeyId: b.KeyId})
	wantTyped[*types.IncorrectKeyException](t, err)
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, DestinationKeyId: aws.String("alias/none")})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, DestinationKeyId: b.KeyId, DestinationEncryptionAlgorithm: types.EncryptionAlgorithmSpecSm2pke})
	wantTyped[*types.InvalidKeyUsageException](t, err)
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, DestinationKeyId: b.KeyId, DryRun: aws.Bool(true)})
	wantTyped[*types.DryRunOperationException](t, err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: b.KeyId})
	wantOK(t, err)
	_, err = c.ReEncrypt(ctx, &kms.ReEncryptInput{CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: src, DestinationKeyId: b.KeyId})
	wantTyped[*types.DisabledException](t, err)
	e.kmsPostWant(t, "ReEncrypt", `{"CiphertextBlob":"AA=="}`, "ValidationException")
}

func TestKMS_GenerateDataKey(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	m := kmsNewKey(t, c, "dk")
	ec := map[string]string{"file": "backup.tar"}
	cases := []struct {
		in   *kms.GenerateDataKeyInput
		size int
	}{
		{&kms.GenerateDataKeyInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256, EncryptionContext: ec}, 32},
		{&kms.GenerateDataKeyInput{KeyId: m.Arn, KeySpec: types.DataKeySpecAes128, EncryptionContext: ec}, 16},
		{&kms.GenerateDataKeyInput{KeyId: m.KeyId, NumberOfBytes: aws.Int32(1), EncryptionContext: ec}, 1},
		{&kms.GenerateDataKeyInput{KeyId: m.KeyId, NumberOfBytes: aws.Int32(1024), EncryptionContext: ec}, 1024},
	}
	for _, tc := range cases {
		out, err := c.GenerateDataKey(ctx, tc.in)
		wantOK(t, err)
		if len(out.Plaintext) != tc.size || aws.ToString(out.KeyId) != aws.ToString(m.Arn) || len(aws.ToString(out.KeyMaterialId)) != 64 {
			t.Fatalf("data key: %d bytes, key %s", len(out.Plaintext), aws.ToString(out.KeyId))
		}
		dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: out.CiphertextBlob, EncryptionContext: ec})
		wantOK(t, err)
		if !bytes.Equal(dec.Plaintext, out.Plaintext) {
			t.Fatal("the blob does not decrypt to the data key")
		}
	}

	wp, err := c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256})
	wantOK(t, err)
	dec, err := c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: wp.CiphertextBlob})
	wantOK(t, err)
	if len(dec.Plaintext) != 32 || aws.ToString(wp.KeyId) != aws.ToString(m.Arn) {
		t.Fatalf("without plaintext: %d bytes", len(dec.Plaintext))
	}
	raw := e.kmsPost(t, "GenerateDataKeyWithoutPlaintext", `{"KeyId":"`+aws.ToString(m.KeyId)+`","NumberOfBytes":8}`)
	if raw.Status != 200 || strings.Contains(string(raw.Body), "Plaintext") {
		t.Fatalf("GenerateDataKeyWithoutPlaintext answered %s", raw.Body)
	}

	for _, in := range []*kms.GenerateDataKeyInput{
		{KeyId: m.KeyId},
		{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256, NumberOfBytes: aws.Int32(32)},
		{KeyId: m.KeyId, NumberOfBytes: aws.Int32(0)},
		{KeyId: m.KeyId, NumberOfBytes: aws.Int32(1025)},
		{KeyId: m.KeyId, KeySpec: "AES_512"},
	} {
		_, err := c.GenerateDataKey(ctx, in)
		wantCode(t, err, "ValidationException")
	}
	_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: aws.String("alias/none"), KeySpec: types.DataKeySpecAes256})
	wantTyped[*types.NotFoundException](t, err)
	_, err = c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256, DryRun: aws.Bool(true)})
	wantTyped[*types.DryRunOperationException](t, err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: m.KeyId})
	wantOK(t, err)
	_, err = c.GenerateDataKeyWithoutPlaintext(ctx, &kms.GenerateDataKeyWithoutPlaintextInput{KeyId: m.KeyId, KeySpec: types.DataKeySpecAes256})
	wantTyped[*types.DisabledException](t, err)
	e.kmsPostWant(t, "GenerateDataKey", `{"KeyId":"alias/x","Recipient":{"AttestationDocument":"AA=="},"KeySpec":"AES_256"}`, "UnsupportedOperationException")
}

func TestKMS_GenerateRandom(t *testing.T) {
	e := start(t, server.Config{})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	a, err := c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(1024)})
	wantOK(t, err)
	b, err := c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(1024)})
	wantOK(t, err)
	if len(a.Plaintext) != 1024 || bytes.Equal(a.Plaintext, b.Plaintext) {
		t.Fatal("not random")
	}
	for _, n := range []int32{0, 1025} {
		_, err := c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(n)})
		wantCode(t, err, "ValidationException")
	}
	_, err = c.GenerateRandom(ctx, &kms.GenerateRandomInput{})
	wantCode(t, err, "ValidationException")
	_, err = c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(8), CustomKeyStoreId: aws.String("cks-1")})
	wantTyped[*types.CustomKeyStoreNotFoundException](t, err)
	r := e.kmsPost(t, "GenerateRandom", `{"NumberOfBytes":16}`)
	var out struct{ Plaintext string }
	if r.Status != 200 || jsonDecode(r.Body, &out) != nil {
		t.Fatalf("raw: %d %s", r.Status, r.Body)
	}
	if raw, err := base64.StdEncoding.DecodeString(out.Plaintext); err != nil || len(raw) != 16 {
		t.Fatalf("plaintext %q", out.Plaintext)
	}
}
