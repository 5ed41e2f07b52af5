package params_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/storage/memory"
)

// BenchmarkListByPath_Scale shows that a page of GetParametersByPath costs
// the same whatever the size of the store and however deep into the listing
// the page is: each iteration reads one page of 10 from the middle of a
// listing of n parameters (n/2 direct children of /big, the rest under
// other paths). Run with -benchtime=2000x; the 1,000,000 case takes about a
// minute to load.
func BenchmarkListByPath_Scale(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			if n > 10_000 && testing.Short() {
				b.Skip("large store skipped in -short mode")
			}
			svc, ctx := newService(b)
			for i := range n {
				name := fmt.Sprintf("/big/p%07d", i)
				if i%2 == 1 {
					name = fmt.Sprintf("/other/d%03d/p%07d", i%997, i)
				}
				if _, err := svc.Put(ctx, params.PutInput{Name: name, Value: arca.Value("v"), Type: params.TypeString}); err != nil {
					b.Fatal(err)
				}
			}
			// Walk to the middle once to get a token deep in the listing.
			var tok string
			for range n / 40 {
				p, err := svc.ListByPath(ctx, params.ListInput{Path: "/big", Max: 10, Token: tok})
				if err != nil {
					b.Fatal(err)
				}
				tok = p.NextToken
			}
			b.ResetTimer()
			for b.Loop() {
				p, err := svc.ListByPath(ctx, params.ListInput{Path: "/big", Max: 10, Token: tok})
				if err != nil || len(p.Parameters) != 10 {
					b.Fatalf("page: %d parameters, %v", len(p.Parameters), err)
				}
			}
		})
	}
}

// newService returns a parameter store over a memory store and a caller
// context; tb may be nil (examples), then setup failures panic.
func newService(tb testing.TB) (*params.Service, context.Context) {
	rk, err := keyring.GenerateKey()
	if err != nil {
		panic(err)
	}
	root, err := keyring.NewRoot(rk)
	if err != nil {
		panic(err)
	}
	st := memory.New()
	k := kms.New(kms.Config{Store: st, Root: root, Account: "000000000000"})
	svc := params.New(params.Config{Store: st, KMS: k})
	ctx := arca.WithCaller(context.Background(), &arca.Caller{Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root"})
	return svc, ctx
}
