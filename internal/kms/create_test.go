package kms_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/kms"
)

func TestService_Create(t *testing.T) {
	f := newFixture(t)
	k, err := f.svc.Create(f.ctx, region, kms.CreateInput{
		Description: "app key",
		Tags:        []kms.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}},
	})
	ok(t, err)
	if k.State != kms.StateEnabled || k.Manager != kms.ManagerCustomer || k.Current != 1 || len(k.Versions) != 1 {
		t.Fatalf("new key: %+v", k)
	}
	if !k.Created.Equal(f.clock.Now()) {
		t.Fatalf("created %v, want the clock's %v", k.Created, f.clock.Now())
	}
	if want := "arn:aws:kms:us-east-1:000000000000:key/" + k.ID; k.ARN() != want {
		t.Fatalf("ARN %s, want %s", k.ARN(), want)
	}
	if len(k.Tags) != 2 || k.Tags[0].Key != "a" {
		t.Fatalf("tags are not sorted: %+v", k.Tags)
	}
	if k.RotationEnabled {
		t.Fatal("a customer key starts with rotation off")
	}

	t.Run("default_policy", func(t *testing.T) {
		doc, err := f.svc.GetPolicy(f.ctx, region, k.ID, "")
		ok(t, err)
		var p struct {
			Statement []struct {
				Sid       string
				Principal struct{ AWS string }
				Action    string
			}
		}
		ok(t, json.Unmarshal([]byte(doc), &p))
		if len(p.Statement) != 1 || p.Statement[0].Sid != "Enable IAM User Permissions" ||
			p.Statement[0].Principal.AWS != "arn:aws:iam::000000000000:root" || p.Statement[0].Action != "kms:*" {
			t.Fatalf("default policy: %s", doc)
		}
	})

	t.Run("bad_policy", func(t *testing.T) {
		_, err := f.svc.Create(f.ctx, region, kms.CreateInput{Policy: `{"Statement":[]}`})
		wantCode(t, err, arca.EBadPolicy)
	})

	t.Run("too_many_tags", func(t *testing.T) {
		var tags []kms.Tag
		for i := range kms.MaxTags + 1 {
			tags = append(tags, kms.Tag{Key: fmt.Sprint("k", i)})
		}
		_, err := f.svc.Create(f.ctx, region, kms.CreateInput{Tags: tags})
		wantCode(t, err, arca.ETagLimit)
	})
}

func TestService_Describe(t *testing.T) {
	f := newFixture(t)
	k := f.create(t, "d")
	ok(t, f.svc.CreateAlias(f.ctx, region, "alias/app", k.ID))

	for name, ref := range map[string]string{
		"key_id":    k.ID,
		"key_arn":   k.ARN(),
		"alias":     "alias/app",
		"alias_arn": "arn:aws:kms:us-east-1:000000000000:alias/app",
	} {
		t.Run(name, func(t *testing.T) {
			if got := f.describe(t, ref); got.ID != k.ID || got.Description != "d" {
				t.Fatalf("described %+v", got)
			}
		})
	}

	for name, ref := range map[string]string{
		"unknown_id":     "0b7e3a4c-1111-2222-3333-444455556666",
		"unknown_alias":  "alias/nope",
		"malformed":      "garbage",
		"other_region":   strings.Replace(k.ARN(), region, "us-west-2", 1),
		"other_account":  strings.Replace(k.ARN(), account, "111111111111", 1),
		"other_service":  strings.Replace(k.ARN(), ":kms:", ":ssm:", 1),
		"other_resource": "arn:aws:kms:us-east-1:000000000000:grant/x",
		"braced_uuid":    "{" + k.ID + "}",
	} {
		t.Run("invalid_"+name, func(t *testing.T) {
			_, err := f.svc.Describe(f.ctx, region, ref)
			wantCode(t, err, arca.EKeyInvalid)
		})
	}

	t.Run("regional", func(t *testing.T) {
		_, err := f.svc.Describe(f.ctx, "us-west-2", k.ID)
		wantCode(t, err, arca.EKeyInvalid)
	})
}

func TestService_ManagedKeys(t *testing.T) {
	f := newFixture(t)
	ssm := f.describe(t, "alias/aws/ssm")
	if ssm.Manager != kms.ManagerAWS || ssm.State != kms.StateEnabled {
		t.Fatalf("managed key: %+v", ssm)
	}
	if again := f.describe(t, "alias/aws/ssm"); again.ID != ssm.ID {
		t.Fatal("the managed key was created twice")
	}
	sm := f.describe(t, "arn:aws:kms:us-east-1:000000000000:alias/aws/secretsmanager")
	if sm.ID == ssm.ID || sm.Manager != kms.ManagerAWS {
		t.Fatalf("secretsmanager key: %+v", sm)
	}
	if west := f.describe(t, "alias/aws/ssm"); west.ID != ssm.ID {
		t.Fatal("unstable")
	}
	if other, err := f.svc.Describe(f.ctx, "eu-central-1", "alias/aws/ssm"); err != nil || other.ID == ssm.ID {
		t.Fatalf("managed keys are regional: %v", err)
	}
	_, err := f.svc.Describe(f.ctx, region, "alias/aws/other")
	wantCode(t, err, arca.EKeyInvalid)

	doc, err := f.svc.GetPolicy(f.ctx, region, ssm.ID, "default")
	ok(t, err)
	if !strings.Contains(doc, `"kms:ViaService" : "ssm.us-east-1.amazonaws.com"`) || !strings.Contains(doc, `"kms:Describe*", "kms:Get*", "kms:List*"`) {
		t.Fatalf("managed policy: %s", doc)
	}
	st, err := f.svc.Rotation(f.ctx, region, ssm.ID)
	ok(t, err)
	if !st.Enabled || st.PeriodDays != 365 || !st.Next.Equal(ssm.Created.AddDate(0, 0, 365)) {
		t.Fatalf("managed rotation: %+v", st)
	}

	// The account may use a managed key but not manage it.
	denied := map[string]func() error{
		"disable":        func() error { return f.svc.SetEnabled(f.ctx, region, ssm.ID, false) },
		"enable":         func() error { return f.svc.SetEnabled(f.ctx, region, ssm.ID, true) },
		"schedule":       func() error { _, err := f.svc.ScheduleDeletion(f.ctx, region, ssm.ID, 7); return err },
		"cancel":         func() error { _, err := f.svc.CancelDeletion(f.ctx, region, ssm.ID); return err },
		"enable_rot":     func() error { return f.svc.EnableRotation(f.ctx, region, ssm.ID, 0) },
		"disable_rot":    func() error { return f.svc.DisableRotation(f.ctx, region, ssm.ID) },
		"rotate":         func() error { _, err := f.svc.RotateOnDemand(f.ctx, region, ssm.ID); return err },
		"put_policy":     func() error { return f.svc.PutPolicy(f.ctx, region, ssm.ID, "", kms.DefaultPolicy(region, account)) },
		"tag":            func() error { return f.svc.TagKey(f.ctx, region, ssm.ID, []kms.Tag{{Key: "a"}}) },
		"untag":          func() error { return f.svc.UntagKey(f.ctx, region, ssm.ID, []string{"a"}) },
		"alias_to":       func() error { return f.svc.CreateAlias(f.ctx, region, "alias/mine", ssm.ID) },
		"update_managed": func() error { return f.svc.UpdateAlias(f.ctx, region, "alias/aws/ssm", f.create(t, "x").ID) },
		"delete_managed": func() error { return f.svc.DeleteAlias(f.ctx, region, "alias/aws/ssm") },
	}
	for name, call := range denied {
		t.Run("denied_"+name, func(t *testing.T) {
			err := call()
			wantCode(t, err, arca.EDenied)
			if !strings.Contains(arca.ErrorMessage(err), "is not authorized to perform: kms:") {
				t.Fatalf("message %q", arca.ErrorMessage(err))
			}
		})
	}
	if k := f.describe(t, ssm.ID); k.State != kms.StateEnabled || len(k.Versions) != 1 {
		t.Fatalf("the managed key changed: %+v", k)
	}
	sealed, err := f.svc.Encrypt(f.ctx, region, "alias/aws/ssm", []byte("usable"), nil)
	ok(t, err)
	if sealed.Key.ID != ssm.ID {
		t.Fatal("wrong key")
	}
}

func TestService_List(t *testing.T) {
	f := newFixture(t)
	ids := map[string]bool{}
	for i := range 7 {
		ids[f.create(t, fmt.Sprint(i)).ID] = true
	}
	gone := f.create(t, "gone")
	_, err := f.svc.ScheduleDeletion(f.ctx, region, gone.ID, 7)
	ok(t, err)
	f.clock.Advance(7 * 24 * time.Hour)

	seen := map[string]bool{}
	marker, pages := "", 0
	for {
		page, err := f.svc.List(f.ctx, region, marker, 3)
		ok(t, err)
		pages++
		for _, k := range page.Keys {
			if seen[k.ID] {
				t.Fatalf("key %s listed twice", k.ID)
			}
			seen[k.ID] = true
		}
		if page.Next == "" {
			break
		}
		marker = page.Next
	}
	if len(seen) != 7 || pages != 3 {
		t.Fatalf("listed %d keys in %d pages, want 7 in 3", len(seen), pages)
	}
	if seen[gone.ID] {
		t.Fatal("a key past its deletion date was listed")
	}
	_, err = f.svc.List(f.ctx, region, "not-a-marker", 3)
	wantCode(t, err, arca.EBadToken)
	if page, err := f.svc.List(f.ctx, "eu-west-1", "", 0); err != nil || len(page.Keys) != 0 {
		t.Fatalf("other region: %v %v", page, err)
	}
}
