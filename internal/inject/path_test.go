package inject_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

func TestPathVarName(t *testing.T) {
	tests := []struct{ path, name, want string }{
		{"/prod/web/", "/prod/web/DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"},
		{"/prod/web", "/prod/web/django-secret.key", "DJANGO_SECRET_KEY"},
		{"/prod/web", "/prod/web/db/password", "DB_PASSWORD"},
		{"/prod/web", "/prod/web/2fa-seed", "_2FA_SEED"},
		{"/", "/top", "TOP"},
		{"/prod/web//", "/prod/web/x", "X"},
	}
	for _, tt := range tests {
		if got := inject.PathVarName(tt.path, tt.name); got != tt.want {
			t.Errorf("PathVarName(%q, %q) = %q, want %q", tt.path, tt.name, got, tt.want)
		}
	}
	if got := inject.NormalizePath("/prod/web/"); got != "/prod/web" {
		t.Errorf("NormalizePath = %q", got)
	}
}

func TestResolve_Path(t *testing.T) {
	f := newFake()
	f.putParam("/prod/web/DJANGO_SECRET_KEY", "SecureString", "k1")
	f.putParam("/prod/web/ALLOWED_HOSTS", "String", "a,b")
	f.putParam("/prod/web/db/password", "SecureString", "pw")
	f.putParam("/prod/worker/CELERY", "SecureString", "w")
	f.putParam("/prod/webhooks/SIGNING", "SecureString", "s")

	res, err := inject.Resolve(context.Background(), f, inject.Plan{Sources: []inject.Source{{Path: "/prod/web/"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := envMap(res)
	if len(got) != 2 || got["DJANGO_SECRET_KEY"].Value != "k1" || got["ALLOWED_HOSTS"].Value != "a,b" {
		t.Fatalf("one level: %v", got)
	}
	if !got["DJANGO_SECRET_KEY"].Sensitive || got["ALLOWED_HOSTS"].Sensitive {
		t.Error("SecureString values are sensitive, String ones are not")
	}

	res, err = inject.Resolve(context.Background(), f, inject.Plan{Sources: []inject.Source{{Path: "/prod/web", Recursive: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := envMap(res); len(got) != 3 || got["DB_PASSWORD"].Value != "pw" {
		t.Fatalf("recursive: %v", got)
	}
}

func TestResolve_PathCollision(t *testing.T) {
	f := newFake()
	f.putParam("/prod/web/db-host", "String", "a")
	f.putParam("/prod/web/DB_HOST", "String", "b")
	_, err := inject.Resolve(context.Background(), f, inject.Plan{Sources: []inject.Source{{Path: "/prod/web"}}})
	if err == nil || !strings.Contains(err.Error(), "both map to variable DB_HOST") ||
		!strings.Contains(err.Error(), "/prod/web/db-host") || !strings.Contains(err.Error(), "/prod/web/DB_HOST") {
		t.Fatalf("err = %v", err)
	}
	f2 := newFake()
	f2.putParam("/prod/web/db/host", "String", "a")
	f2.putParam("/prod/web/db_host", "String", "b")
	if _, err := inject.Resolve(context.Background(), f2, inject.Plan{Sources: []inject.Source{{Path: "/prod/web", Recursive: true}}}); err == nil {
		t.Fatal("db/host and db_host collide when recursive")
	}
	if _, err := inject.Resolve(context.Background(), f2, inject.Plan{Sources: []inject.Source{{Path: "/prod/web"}}}); err != nil {
		t.Fatalf("one level reads only db_host: %v", err)
	}
}

// envMap indexes a result's variables by name.
func envMap(res *inject.Result) map[string]inject.EnvVar {
	m := map[string]inject.EnvVar{}
	for _, v := range res.Vars() {
		m[v.Name] = v
	}
	return m
}
