package scan_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/scan"
)

func TestBaseline(t *testing.T) {
	akid := "AKIA" + rnd(31, upper32, 16)
	other := "AKIA" + rnd(32, upper32, 16)
	f := scan.Finding{Path: "a.py", Line: 3, RuleID: "aws-access-token", Secret: []byte(akid)}
	path := filepath.Join(t.TempDir(), "baseline.json")

	b, err := scan.ReadOrNewBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	b.Add(f)
	if err := b.Write(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), akid) || strings.Contains(string(data), akid[4:]) {
		t.Fatalf("the baseline file holds the secret:\n%s", data)
	}

	read, err := scan.ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		f    scan.Finding
		want bool
	}{
		{"same", f, true},
		{"moved_line", scan.Finding{Path: "a.py", Line: 40, RuleID: f.RuleID, Secret: f.Secret}, true},
		{"in_history", scan.Finding{Path: "a.py", Line: 3, RuleID: f.RuleID, Secret: f.Secret, Commit: "abc"}, true},
		{"other_secret", scan.Finding{Path: "a.py", Line: 3, RuleID: f.RuleID, Secret: []byte(other)}, false},
		{"other_path", scan.Finding{Path: "b.py", Line: 3, RuleID: f.RuleID, Secret: f.Secret}, false},
		{"other_rule", scan.Finding{Path: "a.py", Line: 3, RuleID: "generic-api-key", Secret: f.Secret}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := read.Contains(tc.f); got != tc.want {
				t.Errorf("Contains = %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("rewrite_keeps_salt", func(t *testing.T) {
		again, err := scan.ReadOrNewBaseline(path)
		if err != nil {
			t.Fatal(err)
		}
		if again.Fingerprint(f) != read.Fingerprint(f) {
			t.Error("fingerprints differ after re-reading the baseline")
		}
		fresh, err := scan.NewBaseline()
		if err != nil {
			t.Fatal(err)
		}
		if fresh.Fingerprint(f) == read.Fingerprint(f) {
			t.Error("two baselines share a salt")
		}
	})
	t.Run("errors", func(t *testing.T) {
		if _, err := scan.ReadBaseline(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("missing file: %v", err)
		}
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(`{"version": 9}`), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scan.ReadBaseline(bad); !errors.Is(err, &arca.Error{Code: arca.EInvalid}) {
			t.Errorf("bad file: %v, want EInvalid", err)
		}
	})
}
