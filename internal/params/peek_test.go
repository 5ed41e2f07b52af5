package params_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/storage/bolt"
)

// TestGet_cacheOverEmbeddedStore: reads go through the decode caches with
// the store's own bytes (storage.Peek), whose pages bbolt reuses once later
// writes replace them. What a read returned, and what the caches kept, must
// not change when later writes grow and rewrite the file, and an overwrite
// must be seen.
func TestGet_cacheOverEmbeddedStore(t *testing.T) {
	st, err := bolt.Open(filepath.Join(t.TempDir(), "arca.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rk, err := keyring.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	root, err := keyring.NewRoot(rk)
	if err != nil {
		t.Fatal(err)
	}
	svc := params.New(params.Config{Store: st, KMS: kms.New(kms.Config{Store: st, Root: root, Account: "000000000000"})})
	ctx := arca.WithCaller(context.Background(), &arca.Caller{Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root"})
	put := func(name, value string, overwrite bool) {
		t.Helper()
		if _, err := svc.Put(ctx, params.PutInput{Name: name, Value: arca.Value(value), Type: params.TypeSecureString, Overwrite: overwrite}); err != nil {
			t.Fatal(err)
		}
	}
	get := func(name string) string {
		t.Helper()
		p, err := svc.Get(ctx, name, true)
		if err != nil {
			t.Fatal(err)
		}
		return string(p.Value)
	}
	first := strings.Repeat("a", 1000)
	put("/p/first", first, false)
	held := []string{get("/p/first"), get("/p/first")} // the second from the caches
	// Grow the file and rewrite its pages.
	for i := range 3000 {
		put(fmt.Sprintf("/p/fill/%04d", i), strings.Repeat("x", 1000), false)
	}
	for _, v := range append(held, get("/p/first")) {
		if v != first {
			t.Fatalf("a read after the file grew returned %.20q…, want the stored value", v)
		}
	}
	put("/p/first", "second", true)
	if v := get("/p/first"); v != "second" {
		t.Fatalf("after an overwrite: %q, want second", v)
	}
}
