package authz_test

import (
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"arn:aws:iam::*:user/ci-*", "arn:aws:iam::000000000000:user/ci-runner", true},
		{"arn:aws:iam::*:user/ci-*", "arn:aws:iam::000000000000:user/dev", false},
		{"arn:aws:sts::*:assumed-role/web-?/*", "arn:aws:sts::1:assumed-role/web-1/s", true},
		{"prod/*", "Prod/x", false}, // case matters, as in ARNs
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"${aws:username}", "${aws:username}", true}, // no policy variables: literal text
	} {
		g := authz.CompileGlob(c.p)
		if got := g.Match(c.s); got != c.want {
			t.Errorf("CompileGlob(%q).Match(%q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}
