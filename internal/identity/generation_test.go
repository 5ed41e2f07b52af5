package identity_test

import (
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/memory"
)

// TestService_PolicySetSharedStore: two servers over one store (a
// PostgreSQL cluster): a change made through one is seen by the other's
// cached policy set on its very next request.
func TestService_PolicySetSharedStore(t *testing.T) {
	st := memory.New()
	t.Cleanup(func() { _ = st.Close() })
	root, err := keyring.NewRoot(make([]byte, keyring.KeySize))
	check(t, err)
	now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	a := identity.New(identity.Config{Store: st, Root: root, Account: "000000000000", Now: now})
	b := identity.New(identity.Config{Store: st, Root: root, Account: "000000000000", Now: now})
	ctx := rootCtx()
	_, err = a.CreateUser(ctx, "dan", "/", nil)
	check(t, err)
	check(t, a.PutInlinePolicy(ctx, identity.KindUser, "dan", "p", readOnly))
	key, err := a.CreateAccessKey(ctx, "dan")
	check(t, err)
	caller, err := b.Authenticate(ctx, key.ID, "", "us-east-1", "ssm")
	check(t, err)
	first, err := b.PolicySet(ctx, caller)
	check(t, err)
	again, err := b.PolicySet(ctx, caller)
	check(t, err)
	if first != again {
		t.Fatal("an unchanged policy set was not reused")
	}
	check(t, a.PutInlinePolicy(ctx, identity.KindUser, "dan", "p", allowAll))
	pol, err := b.PolicySet(ctx, caller)
	check(t, err)
	if pol == first || len(pol.Identity) != 1 || pol.Identity[0].Statements[0].Action[0] != "*" {
		t.Fatalf("the other server's change was not seen: %+v", pol.Identity)
	}
	// Noting an access key's use changes no permission and keeps the set.
	_, err = b.Authenticate(ctx, key.ID, "", "us-east-1", "ssm")
	check(t, err)
	if p2, _ := b.PolicySet(ctx, caller); p2 != pol {
		t.Fatal("an access key's use invalidated the cached set")
	}
}
