package inject_test

import (
	"net/url"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

func TestURLEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain-._~AZaz09", "plain-._~AZaz09"},
		{"p@ss", "p%40ss"},
		{"pa:ss&wo/rd", "pa%3Ass%26wo%2Frd"},
		{"100%", "100%25"},
		{"a#b?c", "a%23b%3Fc"},
		{"sp ace+plus", "sp%20ace%2Bplus"},
		{"é", "%C3%A9"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := inject.URLEncode(tt.in); got != tt.want {
			t.Errorf("URLEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestURLEncode_RoundTrip: a user and password with every reserved
// character survive composition into a URL and Go's URL parser.
func TestURLEncode_RoundTrip(t *testing.T) {
	users := []string{"app@team", "a:b", "plain"}
	passwords := []string{"Qx1@pa:ss&wo/rd", "%41 not decoded twice %", "#frag?q=1&x=/y", `'"$HOME` + "`id`\\!", "ünï©ødé"}
	for _, u := range users {
		for _, p := range passwords {
			s := inject.Compose("postgresql://${U}:${P}@db.internal:5432/app", map[string]string{"U": u, "P": p}, []string{"U", "P"})
			parsed, err := url.Parse(s)
			if err != nil {
				t.Fatalf("%q does not parse: %v", s, err)
			}
			pw, _ := parsed.User.Password()
			if parsed.User.Username() != u || pw != p || parsed.Host != "db.internal:5432" || parsed.Path != "/app" {
				t.Errorf("round trip of %q / %q: got %q / %q host %q path %q", u, p, parsed.User.Username(), pw, parsed.Host, parsed.Path)
			}
		}
	}
}

func TestCompose(t *testing.T) {
	vals := map[string]string{"A": "a/b", "B": "x y"}
	tests := []struct {
		tmpl   string
		encode []string
		want   string
	}{
		{"${A}-${B}", nil, "a/b-x y"},
		{"${A}-${B}", []string{"A"}, "a%2Fb-x y"},
		{"$A ${A} $ {B} $$", []string{"A", "B"}, "$A a%2Fb $ {B} $$"},
		{"no refs", nil, "no refs"},
		{"${A}${A}", []string{"A"}, "a%2Fba%2Fb"},
	}
	for _, tt := range tests {
		if got := inject.Compose(tt.tmpl, vals, tt.encode); got != tt.want {
			t.Errorf("Compose(%q, %v) = %q, want %q", tt.tmpl, tt.encode, got, tt.want)
		}
	}
}
