package secrets_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage/memory"
)

const account = "000000000000"

// clock is a fake time source the tests move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a Service over a memory store with a real keyring.
type fixture struct {
	svc   *secrets.Service
	kms   *kms.Service
	store *memory.Store
	clock *clock
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st := memory.New()
	t.Cleanup(func() { _ = st.Close() })
	material := make([]byte, 32)
	for i := range material {
		material[i] = byte(i + 1) // a fixed test key
	}
	root, err := keyring.NewRoot(material)
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	k := kms.New(kms.Config{Store: st, Root: root, Account: account, Now: clk.Now})
	return &fixture{svc: secrets.New(secrets.Config{Store: st, KMS: k, Now: clk.Now}), kms: k, store: st, clock: clk}
}

// in returns a context whose caller is the account root in region.
func in(region string) context.Context {
	return arca.WithCaller(context.Background(), &arca.Caller{
		Account: account, Region: region, ARN: "arn:aws:iam::" + account + ":root", RequestID: "test",
	})
}

var east = in("us-east-1")

func text(s string) *secrets.Content { return &secrets.Content{Data: arca.Value(s)} }

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func wantCode(t testing.TB, err error, code arca.Code) {
	t.Helper()
	if got := arca.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func (f *fixture) create(t testing.TB, ctx context.Context, name, value string) *secrets.WriteResult {
	t.Helper()
	return must[*secrets.WriteResult](t)(f.svc.Create(ctx, secrets.CreateInput{Name: name, Value: text(value)}))
}

func (f *fixture) put(t testing.TB, ctx context.Context, id, value string, stages ...string) *secrets.WriteResult {
	t.Helper()
	return must[*secrets.WriteResult](t)(f.svc.PutValue(ctx, secrets.PutInput{ID: id, Value: *text(value), Stages: stages}))
}

func (f *fixture) value(t testing.TB, ctx context.Context, id, version, stage string) string {
	t.Helper()
	return must[*secrets.SecretValue](t)(f.svc.GetValue(ctx, id, version, stage)).Content.Data.Reveal()
}

// stages returns VersionIdsToStages of a secret.
func (f *fixture) stages(t testing.TB, ctx context.Context, id string) map[string][]string {
	t.Helper()
	return must[*secrets.Secret](t)(f.svc.Describe(ctx, id)).Stages
}

func token(n int) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		b[i] = hex[(n+i)%16]
	}
	return string(b)
}
