package kms_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/memory"
)

const (
	account = "000000000000"
	region  = "us-east-1"
)

// testRootKey is a fixed root key, so that failures reproduce.
var testRootKey = bytes.Repeat([]byte{0x42}, keyring.KeySize)

// clock is a fake clock that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fixture is a Service over a real memory store and a real keyring, on a
// fake clock.
type fixture struct {
	svc   *kms.Service
	store storage.Store
	clock *clock
	ctx   context.Context
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { _ = st.Close() })
	root, err := keyring.NewRoot(testRootKey)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	svc := kms.New(kms.Config{Store: st, Root: root, Account: account, Now: c.Now})
	ctx := arca.WithCaller(context.Background(), &arca.Caller{Account: account, Region: region, ARN: "arn:aws:iam::000000000000:root"})
	return &fixture{svc: svc, store: st, clock: c, ctx: ctx}
}

// create makes a customer key and returns it.
func (f *fixture) create(t testing.TB, desc string) *kms.Key {
	t.Helper()
	k, err := f.svc.Create(f.ctx, region, kms.CreateInput{Description: desc})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return k
}

// describe returns the key that ref names.
func (f *fixture) describe(t testing.TB, ref string) *kms.Key {
	t.Helper()
	k, err := f.svc.Describe(f.ctx, region, ref)
	if err != nil {
		t.Fatalf("describe %s: %v", ref, err)
	}
	return k
}

// wantCode fails unless err carries code.
func wantCode(t testing.TB, err error, code arca.Code) {
	t.Helper()
	if got := arca.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// noSecret fails when err's text contains secret.
func noSecret(t testing.TB, err error, secret []byte) {
	t.Helper()
	if err != nil && len(secret) > 0 && bytes.Contains([]byte(err.Error()), secret) {
		t.Fatalf("error %q contains the secret", err)
	}
}
