package secrets_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

func TestService_Create(t *testing.T) {
	f := newFixture(t)
	res := f.create(t, east, "app/db", "s3cret")
	if !regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-[A-Za-z0-9]{6}$`).MatchString(res.ARN) {
		t.Fatalf("ARN = %s", res.ARN)
	}
	if res.VersionID == "" {
		t.Fatal("no version id")
	}

	t.Run("lookups", func(t *testing.T) {
		partial := strings.TrimSuffix(res.ARN, res.ARN[len(res.ARN)-7:])
		for _, id := range []string{"app/db", res.ARN, partial} {
			if got := f.value(t, east, id, "", ""); got != "s3cret" {
				t.Fatalf("GetValue(%s) = %q", id, got)
			}
		}
		for _, id := range []string{
			res.ARN[:len(res.ARN)-6] + "zzzzzz",                         // wrong suffix
			strings.Replace(res.ARN, "us-east-1", "us-west-2", 1),       // other region
			strings.Replace(res.ARN, "000000000000", "111111111111", 1), // other account
			strings.Replace(res.ARN, ":secretsmanager:", ":ssm:", 1),    // other service
			"app/nope",
		} {
			_, err := f.svc.GetValue(east, id, "", "")
			wantCode(t, err, arca.ENotFound)
		}
	})
	t.Run("exists", func(t *testing.T) {
		_, err := f.svc.Create(east, secrets.CreateInput{Name: "app/db", Value: text("x")})
		wantCode(t, err, arca.EExists)
	})
	t.Run("regions_are_namespaces", func(t *testing.T) {
		other := f.create(t, in("eu-west-1"), "app/db", "elsewhere")
		if !strings.Contains(other.ARN, ":eu-west-1:") || other.ARN == res.ARN {
			t.Fatalf("ARN = %s", other.ARN)
		}
		if got := f.value(t, east, "app/db", "", ""); got != "s3cret" {
			t.Fatalf("us-east-1 value = %q", got)
		}
	})
	t.Run("bad_names", func(t *testing.T) {
		for _, name := range []string{"", "a b", "ü", "x#y", strings.Repeat("a", 513)} {
			_, err := f.svc.Create(east, secrets.CreateInput{Name: name})
			wantCode(t, err, arca.EInvalid)
		}
	})
	t.Run("too_large", func(t *testing.T) {
		_, err := f.svc.Create(east, secrets.CreateInput{Name: "big", Value: text(strings.Repeat("v", secrets.MaxValueSize+1))})
		wantCode(t, err, arca.EInvalid)
		f.create(t, east, "big", strings.Repeat("v", secrets.MaxValueSize))
	})
	t.Run("without_value", func(t *testing.T) {
		r := must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "empty", Description: "later"}))
		if r.VersionID != "" {
			t.Fatalf("version %s for a secret without value", r.VersionID)
		}
		_, err := f.svc.GetValue(east, "empty", "", "")
		wantCode(t, err, arca.EVersionNotFound)
	})
	t.Run("binary", func(t *testing.T) {
		raw := []byte{0, 0xff, 1, 2}
		must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "bin", Value: &secrets.Content{Data: raw, Binary: true}}))
		v := must[*secrets.SecretValue](t)(f.svc.GetValue(east, "bin", "", ""))
		if !v.Content.Binary || string(v.Content.Data) != string(raw) {
			t.Fatalf("binary value = %v %x", v.Content.Binary, []byte(v.Content.Data))
		}
	})
	t.Run("too_many_tags", func(t *testing.T) {
		tags := make([]secrets.Tag, secrets.MaxTags+1)
		for i := range tags {
			tags[i] = secrets.Tag{Key: "k" + strings.Repeat("x", i)}
		}
		_, err := f.svc.Create(east, secrets.CreateInput{Name: "tags", Tags: tags})
		wantCode(t, err, arca.ETagLimit)
	})
	t.Run("unknown_key", func(t *testing.T) {
		_, err := f.svc.Create(east, secrets.CreateInput{Name: "k", KeyID: "alias/nope", Value: text("x")})
		wantCode(t, err, arca.EKeyInvalid)
	})
}

func TestService_Create_idempotent(t *testing.T) {
	f := newFixture(t)
	tok := token(1)
	first := must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "s", Token: tok, Value: text("v0")}))
	if first.VersionID != tok {
		t.Fatalf("VersionId = %s, want the token", first.VersionID)
	}
	again := must[*secrets.WriteResult](t)(f.svc.Create(east, secrets.CreateInput{Name: "s", Token: tok, Value: text("v0")}))
	if again.ARN != first.ARN || again.Name != first.Name || again.VersionID != first.VersionID {
		t.Fatalf("retry = %+v, first = %+v", again, first)
	}
	_, err := f.svc.Create(east, secrets.CreateInput{Name: "s", Token: tok, Value: text("other")})
	wantCode(t, err, arca.EExists)
	if strings.Contains(err.Error(), "other") {
		t.Fatal("the error names the value")
	}
	_, err = f.svc.Create(east, secrets.CreateInput{Name: "s", Token: token(2), Value: text("v0")})
	wantCode(t, err, arca.EExists)
	if n := len(f.stages(t, east, "s")); n != 1 {
		t.Fatalf("%d versions after retries", n)
	}
}
