package secrets_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/secrets"
)

func TestPassword(t *testing.T) {
	no := false
	cases := map[string]struct {
		spec secrets.PasswordSpec
		re   string // every password matches
	}{
		"default":         {secrets.PasswordSpec{}, `^[!-~]{32}$`},
		"length_50":       {secrets.PasswordSpec{Length: 50, ExcludeCharacters: `"@/\:&`}, `^[^"@/\\:&]{50}$`},
		"no_punctuation":  {secrets.PasswordSpec{ExcludePunctuation: true}, `^[A-Za-z0-9]{32}$`},
		"digits_only":     {secrets.PasswordSpec{Length: 20, ExcludePunctuation: true, ExcludeUppercase: true, ExcludeLowercase: true}, `^[0-9]{20}$`},
		"no_numbers":      {secrets.PasswordSpec{ExcludeNumbers: true}, `^[^0-9]{32}$`},
		"space":           {secrets.PasswordSpec{Length: 200, IncludeSpace: true, ExcludePunctuation: true}, `^[A-Za-z0-9 ]{200}$`},
		"one":             {secrets.PasswordSpec{Length: 1, RequireEachIncludedType: &no}, `^[!-~]$`},
		"max":             {secrets.PasswordSpec{Length: secrets.MaxPasswordLength}, `^[!-~]{1000}[!-~]{1000}[!-~]{1000}[!-~]{1000}[!-~]{96}$`},
		"four_of_four":    {secrets.PasswordSpec{Length: 4}, `^[!-~]{4}$`},
		"rare_classes":    {secrets.PasswordSpec{Length: 4, ExcludeCharacters: "123456789" + `!"#$%&'()*+,-./:;<=>?@[\]^_{|}~`}, "^[A-Za-z0`]{4}$"},
		"only_exclusions": {secrets.PasswordSpec{ExcludeCharacters: "aeiouAEIOU01"}, `^[^aeiouAEIOU01]{32}$`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			re := regexp.MustCompile(tc.re)
			seen := map[string]bool{}
			for i := 0; i < 20; i++ {
				pw, err := secrets.Password(tc.spec)
				if err != nil {
					t.Fatal(err)
				}
				s := pw.Reveal()
				if !re.MatchString(s) {
					t.Fatalf("%q does not match %s", s, tc.re)
				}
				if tc.spec.RequireEachIncludedType == nil && !eachType(s, tc.spec) {
					t.Fatalf("%q lacks a required type", s)
				}
				seen[s] = true
			}
			if len(seen) < 10 && (tc.spec.Length == 0 || tc.spec.Length > 4) {
				t.Fatalf("only %d distinct passwords of 20", len(seen))
			}
		})
	}
	for name, spec := range map[string]secrets.PasswordSpec{
		"too_short":    {Length: 3},
		"too_long":     {Length: secrets.MaxPasswordLength + 1},
		"negative":     {Length: -1},
		"all_excluded": {ExcludeNumbers: true, ExcludePunctuation: true, ExcludeUppercase: true, ExcludeLowercase: true},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := secrets.Password(spec)
			wantCode(t, err, arca.EInvalid)
		})
	}
}

// eachType reports whether pw has a character of each class spec leaves.
func eachType(pw string, spec secrets.PasswordSpec) bool {
	classes := map[string]bool{
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ": spec.ExcludeUppercase, "abcdefghijklmnopqrstuvwxyz": spec.ExcludeLowercase,
		"0123456789": spec.ExcludeNumbers, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~": spec.ExcludePunctuation,
	}
	for chars, skip := range classes {
		var allowed []rune
		for _, c := range chars {
			if !strings.ContainsRune(spec.ExcludeCharacters, c) {
				allowed = append(allowed, c)
			}
		}
		if skip || len(allowed) == 0 {
			continue
		}
		if !strings.ContainsAny(pw, string(allowed)) {
			return false
		}
	}
	return true
}

// Every allowed character turns up, roughly as often as the others: a
// coarse check that the draw is uniform (no modulo bias toward the front of
// the alphabet).
func TestPassword_uniform(t *testing.T) {
	no := false
	counts := map[byte]int{}
	const n = 200
	for i := 0; i < n; i++ {
		pw, err := secrets.Password(secrets.PasswordSpec{Length: 4096, ExcludePunctuation: true, RequireEachIncludedType: &no})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pw {
			counts[c]++
		}
	}
	want := float64(n*4096) / 62
	for c, got := range counts {
		if d := float64(got)/want - 1; d > 0.05 || d < -0.05 {
			t.Errorf("%q drawn %d times, expected about %.0f", c, got, want)
		}
	}
	if len(counts) != 62 {
		t.Fatalf("%d distinct characters, want 62", len(counts))
	}
}
