package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/memory"
)

// newService returns an identity service over a memory store with a fixed
// test root key and a clock the test can read.
func newService(tb testing.TB) *identity.Service {
	tb.Helper()
	st := memory.New()
	tb.Cleanup(func() { _ = st.Close() })
	root, err := keyring.NewRoot(make([]byte, keyring.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return identity.New(identity.Config{Store: st, Root: root, Account: "000000000000", Now: func() time.Time { return now }})
}

// rootCtx is the context of the account's root user.
func rootCtx() context.Context {
	return arca.WithCaller(context.Background(), &arca.Caller{Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root", PrincipalID: "000000000000", Type: identity.TypeRoot, AccessKeyID: "test"})
}

func check(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
