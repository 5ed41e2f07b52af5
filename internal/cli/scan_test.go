package cli

// White-box test of arca scan's exit statuses and baseline flags: runScan is
// what the cobra command runs before it exits with the status.

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeKeyID is an AWS-shaped access key id made at run time, so that this
// file holds no secret-looking literal.
func fakeKeyID(seed uint64) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	r := rand.New(rand.NewPCG(seed, 1))
	b := []byte("AKIA")
	for range 16 {
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

func TestRunScan(t *testing.T) {
	akid := fakeKeyID(1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), []byte("key: \""+akid+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clean := t.TempDir()
	if err := os.WriteFile(filepath.Join(clean, "a.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	baseline := filepath.Join(dir, ".arca-baseline.json")

	scanIt := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := runScan(context.Background(), args, &out, &errb)
		if strings.Contains(out.String()+errb.String(), akid) {
			t.Errorf("arca scan %v printed the secret", args)
		}
		return code, out.String(), errb.String()
	}
	cases := []struct {
		name    string
		args    []string
		code    int
		stdout  string
		inError string
	}{
		{"finding", []string{dir}, scanFound, "config.yml:1: aws-access-token (AKIA…)\n", "1 finding"},
		{"clean", []string{clean}, scanClean, "", "no secrets found"},
		{"unknown_flag", []string{"--nope", dir}, scanError, "", "unknown flag"},
		{"two_paths", []string{dir, clean}, scanError, "", "one PATH at most"},
		{"missing_dir", []string{filepath.Join(dir, "nope")}, scanError, "", "no such file"},
		{"missing_baseline", []string{dir, "--baseline", filepath.Join(dir, "nope.json")}, scanError, "", "no such file"},
		{"write_baseline", []string{dir, "--write-baseline", baseline}, scanClean, "", "wrote 1 finding"},
		{"with_baseline", []string{dir, "--baseline", baseline}, scanClean, "", "1 more accepted"},
		{"help", []string{"--help"}, scanClean, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := scanIt(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if tc.name != "help" && stdout != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout, tc.stdout)
			}
			if !strings.Contains(stderr, tc.inError) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tc.inError)
			}
		})
	}

	t.Run("new_secret_past_baseline", func(t *testing.T) {
		other := fakeKeyID(2)
		if err := os.WriteFile(filepath.Join(dir, "b.env"), []byte("K="+other+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, _ := scanIt(dir, "--baseline", baseline)
		if code != scanFound || stdout != "b.env:1: aws-access-token (AKIA…)\n" {
			t.Errorf("exit %d, stdout %q: want only the new finding", code, stdout)
		}
		if strings.Contains(stdout, other) {
			t.Error("the secret was printed")
		}
	})
}
