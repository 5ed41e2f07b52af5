package kms_test

import (
	"fmt"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
)

func TestService_Tags(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "")
	ok(t, f.svc.TagKey(f.ctx, region, k.ID, []kms.Tag{{Key: "env", Value: "prod"}, {Key: "app", Value: "web"}}))
	ok(t, f.svc.TagKey(f.ctx, region, k.ARN(), []kms.Tag{{Key: "env", Value: "stage"}}))
	page, err := f.svc.Tags(f.ctx, region, k.ID, "", 0)
	ok(t, err)
	if fmt.Sprint(page.Tags) != "[{app web} {env stage}]" || page.Next != "" {
		t.Fatalf("tags: %+v", page)
	}

	ok(t, f.svc.UntagKey(f.ctx, region, k.ID, []string{"app", "absent"}))
	page, _ = f.svc.Tags(f.ctx, region, k.ID, "", 0)
	if fmt.Sprint(page.Tags) != "[{env stage}]" {
		t.Fatalf("after untag: %+v", page.Tags)
	}

	t.Run("limit", func(t *testing.T) {
		var tags []kms.Tag
		for i := range kms.MaxTags - 1 {
			tags = append(tags, kms.Tag{Key: fmt.Sprintf("t%02d", i)})
		}
		ok(t, f.svc.TagKey(f.ctx, region, k.ID, tags))
		wantCode(t, f.svc.TagKey(f.ctx, region, k.ID, []kms.Tag{{Key: "one-too-many"}}), arca.ETagLimit)
		ok(t, f.svc.TagKey(f.ctx, region, k.ID, []kms.Tag{{Key: "env", Value: "replaced"}}))
	})

	t.Run("pages", func(t *testing.T) {
		n, marker := 0, ""
		for {
			page, err := f.svc.Tags(f.ctx, region, k.ID, marker, 7)
			ok(t, err)
			n += len(page.Tags)
			if page.Next == "" {
				break
			}
			marker = page.Next
		}
		if n != kms.MaxTags {
			t.Fatalf("paged through %d tags, want %d", n, kms.MaxTags)
		}
		_, err := f.svc.Tags(f.ctx, region, k.ID, "bogus", 7)
		wantCode(t, err, arca.EBadToken)
	})

	t.Run("pending_deletion", func(t *testing.T) {
		p := f.create(t, "")
		_, err := f.svc.ScheduleDeletion(f.ctx, region, p.ID, 7)
		ok(t, err)
		wantCode(t, f.svc.TagKey(f.ctx, region, p.ID, []kms.Tag{{Key: "a"}}), arca.EConflict)
		wantCode(t, f.svc.UntagKey(f.ctx, region, p.ID, []string{"a"}), arca.EConflict)
		_, err = f.svc.Tags(f.ctx, region, p.ID, "", 0)
		ok(t, err)
	})
}
