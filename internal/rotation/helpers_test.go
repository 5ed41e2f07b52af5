package rotation_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/memory"
)

const (
	account = "000000000000"
	region  = "us-east-1"
)

func lambda(name string) string {
	return "arn:aws:lambda:" + region + ":" + account + ":function:" + name
}

var east = arca.WithCaller(context.Background(), &arca.Caller{
	Account: account, Region: region, ARN: "arn:aws:iam::" + account + ":root", RequestID: "test",
})

// node is one arca node over a shared store: its services and scheduler.
type node struct {
	svc *secrets.Service
	kms *kms.Service
}

func testRoot(t testing.TB) *keyring.Root {
	material := make([]byte, 32)
	for i := range material {
		material[i] = byte(i + 1)
	}
	root, err := keyring.NewRoot(material)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// newNode builds services over st; time is time.Now, which testing/synctest
// fakes.
func newNode(t testing.TB, st storage.Store) *node {
	k := kms.New(kms.Config{Store: st, Root: testRoot(t), Account: account})
	return &node{svc: secrets.New(secrets.Config{Store: st, KMS: k}), kms: k}
}

func newStore(t testing.TB) storage.Store {
	st := memory.New()
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// start runs a scheduler for n until the returned stop is called.
func (n *node) start(t testing.TB, name string, fns rotation.Registry, tune func(*rotation.Config)) (stop func()) {
	cfg := rotation.Config{Secrets: n.svc, Functions: fns, Node: name, Poll: 24 * time.Hour}
	if tune != nil {
		tune(&cfg)
	}
	sc := rotation.New(cfg)
	n.svc.SetRotator(sc)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); sc.Run(ctx) }()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return stop
}

// call is one invocation of a recorded function.
type call struct {
	At    time.Time
	Token string
	Step  rotation.Step
}

// recorder is a rotation function that records its calls and, unless
// fail says otherwise, behaves as arca-rotate-random.
type recorder struct {
	mu    sync.Mutex
	calls []call
	// fail, when set, decides whether a call fails (n: the calls of this
	// step and token so far, this one included).
	fail func(ev rotation.Event, n int) error
	// block, when set, is called before a step runs, and may block.
	block func(ctx context.Context, ev rotation.Event)
}

func (r *recorder) Invoke(ctx context.Context, sm rotation.Secrets, ev rotation.Event) error {
	r.mu.Lock()
	r.calls = append(r.calls, call{At: time.Now(), Token: ev.ClientRequestToken, Step: ev.Step})
	n := 0
	for _, c := range r.calls {
		if c.Token == ev.ClientRequestToken && c.Step == ev.Step {
			n++
		}
	}
	fail, block := r.fail, r.block
	r.mu.Unlock()
	if block != nil {
		block(ctx, ev)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if fail != nil {
		if err := fail(ev, n); err != nil {
			return err
		}
	}
	return rotation.RandomFunction{}.Invoke(ctx, sm, ev)
}

// count returns how many times step ran, per token.
func (r *recorder) count(step rotation.Step) map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]int{}
	for _, c := range r.calls {
		if c.Step == step {
			out[c.Token]++
		}
	}
	return out
}

// finishes returns the times of the finishSecret calls.
func (r *recorder) finishes() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []time.Time
	for _, c := range r.calls {
		if c.Step == rotation.StepFinish {
			out = append(out, c.At)
		}
	}
	return out
}

var errBoom = errors.New("boom: the database refused the login")

// createSecret makes a secret with a JSON value and rotation configured
// with fn and rules, not started.
func createSecret(t testing.TB, svc *secrets.Service, name, fn string, rules *secrets.Rules, now bool) {
	t.Helper()
	if _, err := svc.Create(east, secrets.CreateInput{Name: name, Value: &secrets.Content{Data: arca.Value(`{"username":"app","password":"first"}`)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Rotate(east, secrets.RotateInput{ID: name, LambdaARN: lambda(fn), Rules: rules, RotateImmediately: &now}); err != nil {
		t.Fatal(err)
	}
}

func current(t testing.TB, svc *secrets.Service, name string) string {
	t.Helper()
	v, err := svc.GetValue(east, name, "", secrets.StageCurrent)
	if err != nil {
		t.Fatal(err)
	}
	return string(v.Content.Data)
}

func describe(t testing.TB, svc *secrets.Service, name string) *secrets.Secret {
	t.Helper()
	s, err := svc.Describe(east, name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
