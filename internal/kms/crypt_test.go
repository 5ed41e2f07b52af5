package kms_test

import (
	"bytes"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
)

func TestService_EncryptDecrypt(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/app", k.ID))
	secret := []byte("hunter2-never-in-an-error")
	ec := map[string]string{"tenant": "a", "purpose": "db"}

	sealed, err := f.svc.Encrypt(f.ctx, region, "alias/app", secret, ec)
	ok(t, err)
	if sealed.Key.ID != k.ID || sealed.Version != 1 || bytes.Contains(sealed.Blob, secret) || len(sealed.Blob) > 6144 {
		t.Fatalf("sealed: key %s version %d, %d bytes", sealed.Key.ID, sealed.Version, len(sealed.Blob))
	}
	if id, _, err := keyring.KeyOf(sealed.Blob); err != nil || id != k.ID {
		t.Fatalf("the blob does not name its key: %s %v", id, err)
	}

	t.Run("round_trip", func(t *testing.T) {
		for name, ref := range map[string]string{"no_key": "", "key_id": k.ID, "key_arn": k.ARN(), "alias": "alias/app"} {
			o, err := f.svc.Decrypt(f.ctx, region, sealed.Blob, map[string]string{"purpose": "db", "tenant": "a"}, ref)
			ok(t, err)
			if !bytes.Equal(o.Plaintext, secret) || o.Key.ID != k.ID {
				t.Fatalf("%s: decrypted %q", name, o.Plaintext)
			}
		}
	})

	t.Run("context_must_match", func(t *testing.T) {
		for name, other := range map[string]map[string]string{
			"missing":     nil,
			"other_value": {"tenant": "b", "purpose": "db"},
			"extra_pair":  {"tenant": "a", "purpose": "db", "x": "y"},
			"fewer_pairs": {"tenant": "a"},
			"swapped":     {"tenant": "db", "purpose": "a"},
		} {
			t.Run(name, func(t *testing.T) {
				_, err := f.svc.Decrypt(f.ctx, region, sealed.Blob, other, "")
				wantCode(t, err, arca.EDecrypt)
				noSecret(t, err, secret)
			})
		}
		plain, err := f.svc.Encrypt(f.ctx, region, k.ID, secret, nil)
		ok(t, err)
		_, err = f.svc.Decrypt(f.ctx, region, plain.Blob, map[string]string{"a": "b"}, "")
		wantCode(t, err, arca.EDecrypt)
		_, err = f.svc.Decrypt(f.ctx, region, plain.Blob, map[string]string{}, "")
		ok(t, err)
	})

	t.Run("bad_blobs", func(t *testing.T) {
		flipped := bytes.Clone(sealed.Blob)
		flipped[len(flipped)-1] ^= 1
		for name, blob := range map[string][]byte{
			"flipped":   flipped,
			"truncated": sealed.Blob[:len(sealed.Blob)-5],
			"garbage":   []byte("not a ciphertext at all"),
			"short":     {0x02},
			"bad_id":    append([]byte{0x02, 3, 'a', 'b', 'c', 0, 0, 0, 1}, sealed.Blob[45:]...),
		} {
			t.Run(name, func(t *testing.T) {
				_, err := f.svc.Decrypt(f.ctx, region, blob, ec, "")
				wantCode(t, err, arca.EDecrypt)
			})
		}
	})

	t.Run("wrong_key", func(t *testing.T) {
		other := f.create(t, "")
		_, err := f.svc.Decrypt(f.ctx, region, sealed.Blob, ec, other.ID)
		wantCode(t, err, arca.EKeyMismatch)
		_, err = f.svc.Decrypt(f.ctx, region, sealed.Blob, ec, "alias/nope")
		wantCode(t, err, arca.EKeyInvalid)
		_, err = f.svc.Decrypt(f.ctx, "us-west-2", sealed.Blob, ec, "")
		wantCode(t, err, arca.EKeyInvalid)
	})

	t.Run("key_states", func(t *testing.T) {
		ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, false))
		_, err := f.svc.Encrypt(f.ctx, region, k.ID, secret, nil)
		wantCode(t, err, arca.EKeyDisabled)
		_, err = f.svc.Decrypt(f.ctx, region, sealed.Blob, ec, "")
		wantCode(t, err, arca.EKeyDisabled)
		_, err = f.svc.GenerateDataKey(f.ctx, region, k.ID, 32, nil)
		wantCode(t, err, arca.EKeyDisabled)
		ok(t, f.svc.SetEnabled(f.ctx, region, k.ID, true))

		p := f.create(t, "")
		ps, err := f.svc.Encrypt(f.ctx, region, p.ID, secret, nil)
		ok(t, err)
		_, err = f.svc.ScheduleDeletion(f.ctx, region, p.ID, 7)
		ok(t, err)
		_, err = f.svc.Encrypt(f.ctx, region, p.ID, secret, nil)
		wantCode(t, err, arca.EConflict)
		_, err = f.svc.Decrypt(f.ctx, region, ps.Blob, nil, "")
		wantCode(t, err, arca.EConflict)
	})

	t.Run("sizes", func(t *testing.T) {
		_, err := f.svc.Encrypt(f.ctx, region, k.ID, nil, nil)
		wantCode(t, err, arca.EInvalid)
		_, err = f.svc.Encrypt(f.ctx, region, k.ID, make([]byte, kms.MaxPlaintext+1), nil)
		wantCode(t, err, arca.EInvalid)
		big, err := f.svc.Encrypt(f.ctx, region, k.ID, make([]byte, kms.MaxPlaintext), map[string]string{"k": "v"})
		ok(t, err)
		if len(big.Blob) > 6144 {
			t.Fatalf("a %d-byte plaintext makes a %d-byte blob, more than KMS's 6144", kms.MaxPlaintext, len(big.Blob))
		}
	})

	t.Run("not_an_ssm_envelope", func(t *testing.T) {
		var env []byte
		ok(t, f.store.View(f.ctx, func(tx storage.Tx) error {
			var err error
			env, _, err = f.svc.SealTx(tx, region, k.ID, secret, nil)
			return err
		}))
		_, err := f.svc.Decrypt(f.ctx, region, env, nil, "")
		wantCode(t, err, arca.EDecrypt)
	})
}

func TestService_ReEncrypt(t *testing.T) {
	f := newFixture(t)
	a, b := f.create(t, "a"), f.create(t, "b")
	srcCtx, dstCtx := map[string]string{"from": "a"}, map[string]string{"to": "b"}
	sealed, err := f.svc.Encrypt(f.ctx, region, a.ID, []byte("moving"), srcCtx)
	ok(t, err)

	r, err := f.svc.ReEncrypt(f.ctx, region, kms.ReEncryptInput{Blob: sealed.Blob, SourceContext: srcCtx, SourceRef: a.ARN(), DestRef: b.ID, DestContext: dstCtx})
	ok(t, err)
	if r.Source.ID != a.ID || r.Key.ID != b.ID {
		t.Fatalf("re-encrypted from %s to %s", r.Source.ID, r.Key.ID)
	}
	o, err := f.svc.Decrypt(f.ctx, region, r.Blob, dstCtx, b.ID)
	ok(t, err)
	if string(o.Plaintext) != "moving" {
		t.Fatal("wrong plaintext")
	}

	for name, in := range map[string]struct {
		in   kms.ReEncryptInput
		code arca.Code
	}{
		"source_context": {kms.ReEncryptInput{Blob: sealed.Blob, DestRef: b.ID}, arca.EDecrypt},
		"source_key":     {kms.ReEncryptInput{Blob: sealed.Blob, SourceContext: srcCtx, SourceRef: b.ID, DestRef: b.ID}, arca.EKeyMismatch},
		"dest_missing":   {kms.ReEncryptInput{Blob: sealed.Blob, SourceContext: srcCtx, DestRef: "alias/none"}, arca.EKeyInvalid},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := f.svc.ReEncrypt(f.ctx, region, in.in)
			wantCode(t, err, in.code)
		})
	}
	t.Run("dest_disabled", func(t *testing.T) {
		ok(t, f.svc.SetEnabled(f.ctx, region, b.ID, false))
		_, err := f.svc.ReEncrypt(f.ctx, region, kms.ReEncryptInput{Blob: sealed.Blob, SourceContext: srcCtx, DestRef: b.ID})
		wantCode(t, err, arca.EKeyDisabled)
	})
}

func TestService_GenerateDataKey(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	ec := map[string]string{"bucket": "logs"}
	for _, n := range []int{1, 16, 32, 1024} {
		dk, err := f.svc.GenerateDataKey(f.ctx, region, k.ID, n, ec)
		ok(t, err)
		if len(dk.Plaintext) != n || dk.Key.ID != k.ID {
			t.Fatalf("%d bytes asked, %d given", n, len(dk.Plaintext))
		}
		o, err := f.svc.Decrypt(f.ctx, region, dk.Blob, ec, "")
		ok(t, err)
		if !bytes.Equal(o.Plaintext, dk.Plaintext) {
			t.Fatal("the blob does not decrypt to the data key")
		}
	}
	for _, n := range []int{0, -1, 1025} {
		_, err := f.svc.GenerateDataKey(f.ctx, region, k.ID, n, nil)
		wantCode(t, err, arca.EInvalid)
	}
	_, err := f.svc.GenerateDataKey(f.ctx, region, "alias/nope", 32, nil)
	wantCode(t, err, arca.EKeyInvalid)

	a, err := f.svc.GenerateRandom(64)
	ok(t, err)
	b, err := f.svc.GenerateRandom(64)
	ok(t, err)
	if len(a) != 64 || bytes.Equal(a, b) {
		t.Fatal("GenerateRandom is not random")
	}
	for _, n := range []int{0, 1025} {
		_, err := f.svc.GenerateRandom(n)
		wantCode(t, err, arca.EInvalid)
	}
}
