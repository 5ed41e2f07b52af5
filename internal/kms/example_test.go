package kms_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage/memory"
)

func Example() {
	ctx := context.Background()
	root, _ := keyring.NewRoot(bytes.Repeat([]byte{1}, keyring.KeySize))
	svc := kms.New(kms.Config{Store: memory.New(), Root: root, Account: "000000000000"})

	key, _ := svc.Create(ctx, "us-east-1", kms.CreateInput{Description: "orders"})
	_ = svc.CreateAlias(ctx, "us-east-1", "alias/orders", key.ID)
	ec := map[string]string{"table": "orders"}
	sealed, _ := svc.Encrypt(ctx, "us-east-1", "alias/orders", []byte("card 4111"), ec)

	// The blob names its key: Decrypt needs only the blob and the context.
	opened, _ := svc.Decrypt(ctx, "us-east-1", sealed.Blob, ec, "")
	fmt.Println(opened.Key.ID == key.ID, opened.Plaintext.Reveal())

	_, err := svc.Decrypt(ctx, "us-east-1", sealed.Blob, map[string]string{"table": "other"}, "")
	fmt.Println(arca.ErrorCode(err))
	// Output:
	// true card 4111
	// decrypt
}

func ExampleService_ScheduleDeletion() {
	ctx := context.Background()
	root, _ := keyring.NewRoot(bytes.Repeat([]byte{1}, keyring.KeySize))
	svc := kms.New(kms.Config{Store: memory.New(), Root: root, Account: "000000000000"})
	key, _ := svc.Create(ctx, "us-east-1", kms.CreateInput{})

	pending, _ := svc.ScheduleDeletion(ctx, "us-east-1", key.ID, 0)
	fmt.Println(pending.State, pending.PendingWindowDays)
	restored, _ := svc.CancelDeletion(ctx, "us-east-1", key.ID)
	fmt.Println(restored.State)
	// Output:
	// PendingDeletion 30
	// Disabled
}
