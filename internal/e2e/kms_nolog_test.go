package e2e_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"log/slog"
	"sync"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// TestKMS_NeverLogsPlaintext drives every KMS operation that carries
// plaintext, successes and failures, with the server logging at debug
// level: neither the plaintext nor its base64 may reach the log.
func TestKMS_NeverLogsPlaintext(t *testing.T) {
	var logs lockedBuffer
	e := start(t, server.Config{Log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	c := e.kms(kmsRegion)
	ctx := context.Background()
	secret := []byte("kms-plaintext-that-must-never-be-logged")
	id := kmsNewKey(t, c, "").KeyId

	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: secret, EncryptionContext: map[string]string{"a": "b"}})
	wantOK(t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"a": "b"}})
	wantOK(t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob})
	wantTyped[*types.InvalidCiphertextException](t, err)
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: append(bytes.Repeat(secret, 120), secret...)})
	wantCode(t, err, "ValidationException")
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String("alias/none"), Plaintext: secret})
	wantTyped[*types.NotFoundException](t, err)
	dk, err := c.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: id, KeySpec: types.DataKeySpecAes256})
	wantOK(t, err)
	rnd, err := c.GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(64)})
	wantOK(t, err)
	_, err = c.DisableKey(ctx, &kms.DisableKeyInput{KeyId: id})
	wantOK(t, err)
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: id, Plaintext: secret})
	wantTyped[*types.DisabledException](t, err)
	e.kmsPost(t, "Encrypt", `{"KeyId":"x","Plaintext":"`+base64.StdEncoding.EncodeToString(secret)+`","EncryptionContext":7}`)

	out := logs.Bytes()
	if len(out) == 0 {
		t.Fatal("the server logged nothing; the test would prove nothing")
	}
	for name, s := range map[string][]byte{
		"plaintext":        secret,
		"plaintext_base64": []byte(base64.StdEncoding.EncodeToString(secret)),
		"data_key_base64":  []byte(base64.StdEncoding.EncodeToString(dk.Plaintext)),
		"random_base64":    []byte(base64.StdEncoding.EncodeToString(rnd.Plaintext)),
	} {
		if bytes.Contains(out, s) {
			t.Errorf("the log contains the %s", name)
		}
	}
}
