package kms_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

func TestService_Aliases(t *testing.T) {
	f := newFixture(t)
	a, b := f.create(t, "a"), f.create(t, "b")

	t.Run("create", func(t *testing.T) {
		ok(t, f.svc.CreateAlias(f.ctx, region, "alias/one", a.ID))
		ok(t, f.svc.CreateAlias(f.ctx, region, "alias/two", a.ARN()))
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/one", b.ID), arca.EExists)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/three", "alias/one"), arca.EKeyInvalid)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/three", "6b2f7c1e-0000-4000-8000-000000000000"), arca.EKeyInvalid)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "one", a.ID), arca.EInvalid)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/", a.ID), arca.EInvalid)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/aws/mine", a.ID), arca.EInvalid)
		if got := f.describe(t, "alias/two"); got.ID != a.ID {
			t.Fatal("alias/two points elsewhere")
		}
	})

	t.Run("update", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		ok(t, f.svc.UpdateAlias(f.ctx, region, "alias/two", b.ID))
		if got := f.describe(t, "alias/two"); got.ID != b.ID {
			t.Fatal("alias/two was not moved")
		}
		wantCode(t, f.svc.UpdateAlias(f.ctx, region, "alias/none", b.ID), arca.ENotFound)
		wantCode(t, f.svc.UpdateAlias(f.ctx, region, "alias/two", "alias/one"), arca.EKeyInvalid)
		page, err := f.svc.Aliases(f.ctx, region, b.ID, "", 0)
		ok(t, err)
		if len(page.Aliases) != 1 || !page.Aliases[0].Updated.Equal(f.clock.Now()) || !page.Aliases[0].Created.Before(page.Aliases[0].Updated) {
			t.Fatalf("aliases of b: %+v", page.Aliases)
		}
	})

	t.Run("pending_deletion_target", func(t *testing.T) {
		p := f.create(t, "p")
		_, err := f.svc.ScheduleDeletion(f.ctx, region, p.ID, 7)
		ok(t, err)
		wantCode(t, f.svc.CreateAlias(f.ctx, region, "alias/p", p.ID), arca.EConflict)
		wantCode(t, f.svc.UpdateAlias(f.ctx, region, "alias/one", p.ID), arca.EConflict)
	})

	t.Run("delete", func(t *testing.T) {
		ok(t, f.svc.CreateAlias(f.ctx, region, "alias/tmp", a.ID))
		ok(t, f.svc.DeleteAlias(f.ctx, region, "alias/tmp"))
		wantCode(t, f.svc.DeleteAlias(f.ctx, region, "alias/tmp"), arca.ENotFound)
		_, err := f.svc.Describe(f.ctx, region, "alias/tmp")
		wantCode(t, err, arca.EKeyInvalid)
		f.describe(t, a.ID)
	})

	t.Run("list_pages", func(t *testing.T) {
		for i := range 5 {
			ok(t, f.svc.CreateAlias(f.ctx, region, fmt.Sprintf("alias/page-%d", i), b.ID))
		}
		var names []string
		marker := ""
		for {
			page, err := f.svc.Aliases(f.ctx, region, "", marker, 2)
			ok(t, err)
			for _, al := range page.Aliases {
				names = append(names, al.Name)
			}
			if page.Next == "" {
				break
			}
			marker = page.Next
		}
		want := []string{"alias/one", "alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4", "alias/two"}
		if fmt.Sprint(names) != fmt.Sprint(want) {
			t.Fatalf("listed %v, want %v", names, want)
		}
		page, err := f.svc.Aliases(f.ctx, region, a.ID, "", 0)
		ok(t, err)
		if len(page.Aliases) != 1 || page.Aliases[0].Name != "alias/one" {
			t.Fatalf("aliases of a: %+v", page.Aliases)
		}
		_, err = f.svc.Aliases(f.ctx, region, "alias/one", "", 0)
		wantCode(t, err, arca.EKeyInvalid)
		_, err = f.svc.Aliases(f.ctx, region, "", "zzz", 0)
		wantCode(t, err, arca.EBadToken)
	})

	t.Run("legacy_record", func(t *testing.T) {
		// Aliases written before they had dates hold the bare key id.
		ok(t, f.store.Update(f.ctx, func(tx storage.Tx) error {
			return tx.Put([]byte("kms/us-east-1/a/alias/legacy"), []byte(a.ID))
		}))
		if got := f.describe(t, "alias/legacy"); got.ID != a.ID {
			t.Fatal("legacy alias does not resolve")
		}
	})
}
