package secrets_test

import (
	"context"
	"fmt"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage/memory"
)

// A secret's versions and their staging labels: a new value becomes
// AWSCURRENT and the one it replaces AWSPREVIOUS, and either can be read.
func ExampleService_GetValue() {
	store := memory.New()
	key, _ := keyring.GenerateKey()
	root, _ := keyring.NewRoot(key)
	k := kms.New(kms.Config{Store: store, Root: root, Account: "000000000000"})
	svc := secrets.New(secrets.Config{Store: store, KMS: k})
	ctx := arca.WithCaller(context.Background(), &arca.Caller{Account: "000000000000", Region: "us-east-1"})

	_, _ = svc.Create(ctx, secrets.CreateInput{Name: "prod/db", Value: &secrets.Content{Data: arca.Value("first")}})
	_, _ = svc.PutValue(ctx, secrets.PutInput{ID: "prod/db", Value: secrets.Content{Data: arca.Value("second")}})

	cur, _ := svc.GetValue(ctx, "prod/db", "", "")
	prev, _ := svc.GetValue(ctx, "prod/db", "", secrets.StagePrevious)
	fmt.Println(cur.Stages, cur.Content.Data.Reveal())
	fmt.Println(prev.Stages, prev.Content.Data.Reveal())
	fmt.Println(cur.Content.Data) // a Value never prints itself
	// Output:
	// [AWSCURRENT] second
	// [AWSPREVIOUS] first
	// [redacted]
}

// Password draws from crypto/rand; the spec's zero value is AWS's default.
func ExamplePassword() {
	pw, _ := secrets.Password(secrets.PasswordSpec{Length: 20, ExcludePunctuation: true})
	fmt.Println(len(pw), pw)
	// Output: 20 [redacted]
}
