package scan_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/scan"
)

// requireGit skips the test without a git binary and isolates git from the
// user's and the system's configuration.
func requireGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: skipping the git repository tests")
	}
	for k, v := range map[string]string{
		"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.DevNull,
		"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
		"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
	} {
		t.Setenv(k, v)
	}
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// scanLines runs the detector over dir and returns the report lines.
func scanLines(t *testing.T, dir string, opt scan.Options) []string {
	t.Helper()
	var lines []string
	err := detector(t).Run(context.Background(), dir, opt, func(f scan.Finding) { lines = append(lines, f.String()) })
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func hasPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func noSecret(t *testing.T, lines []string, secrets ...string) {
	t.Helper()
	all := strings.Join(lines, "\n")
	for _, s := range secrets {
		if strings.Contains(all, s) {
			t.Errorf("a secret (%.4s…) shows in the report:\n%s", s, all)
		}
	}
}

// TestRun_WorkTree follows acceptance scenario 043.
func TestRun_WorkTree(t *testing.T) {
	requireGit(t)
	akid := "AKIA" + rnd(21, upper32, 16)
	block, body := pemBlock("RSA ", 22)
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, repo, "settings/production.py", "import os\n\nAWS_ACCESS_KEY_ID = \""+akid+"\"\nAWS_REGION = os.environ.get(\"AWS_REGION\", \"eu-central-1\")\n")
	write(t, repo, "deploy/id_rsa", block)
	write(t, repo, "README.md", "# service\n\nRun `make dev`.\n")
	run(t, repo, "add", "-A")
	run(t, repo, "commit", "-q", "-m", "initial")

	got := scanLines(t, repo, scan.Options{})
	want := []string{"deploy/id_rsa:1: private-key (----…)", "settings/production.py:3: aws-access-token (AKIA…)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	noSecret(t, got, akid, body)

	t.Run("untracked_file", func(t *testing.T) {
		write(t, repo, ".env", "DEBUG=false\nAWS_ACCESS_KEY_ID="+akid+"\n")
		defer os.Remove(filepath.Join(repo, ".env"))
		if got := scanLines(t, repo, scan.Options{}); !hasPrefix(got, ".env:2: aws-access-token") {
			t.Errorf("no finding for the untracked .env in %q", got)
		}
	})
	t.Run("ignored_file", func(t *testing.T) {
		write(t, repo, ".gitignore", "local.env\n")
		write(t, repo, "local.env", "AWS_ACCESS_KEY_ID="+akid+"\n")
		defer os.Remove(filepath.Join(repo, ".gitignore"))
		defer os.Remove(filepath.Join(repo, "local.env"))
		if got := scanLines(t, repo, scan.Options{}); hasPrefix(got, "local.env") {
			t.Errorf("an ignored file was scanned: %q", got)
		}
	})
	t.Run("subdirectory", func(t *testing.T) {
		got := scanLines(t, filepath.Join(repo, "settings"), scan.Options{})
		if len(got) != 1 || !strings.HasPrefix(got[0], "production.py:3: ") {
			t.Errorf("scan of a subdirectory: %q", got)
		}
	})
	t.Run("history_repeats_nothing", func(t *testing.T) {
		got := scanLines(t, repo, scan.Options{History: true})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("history of a tree with the same secrets:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("fixed", func(t *testing.T) {
		if err := os.Remove(filepath.Join(repo, "deploy/id_rsa")); err != nil {
			t.Fatal(err)
		}
		write(t, repo, "settings/production.py", "import os\n\nAWS_ACCESS_KEY_ID = os.environ[\"AWS_ACCESS_KEY_ID\"]\n")
		run(t, repo, "add", "-A")
		run(t, repo, "commit", "-q", "-m", "read the key from the environment")
		if got := scanLines(t, repo, scan.Options{}); len(got) != 0 {
			t.Errorf("clean tree reported %q", got)
		}
	})
}

func TestRun_PlainDirectory(t *testing.T) {
	akid := "AKIA" + rnd(23, upper32, 16)
	dir := t.TempDir()
	write(t, dir, "config.yml", "key: \""+akid+"\"\n")
	write(t, dir, ".git/config", "k = \""+akid+"\"\n") // not a repository: .git folders are skipped all the same
	if err := os.Symlink(filepath.Join(dir, "config.yml"), filepath.Join(dir, "link.yml")); err != nil {
		t.Fatal(err)
	}
	got := scanLines(t, dir, scan.Options{})
	if len(got) != 1 || got[0] != "config.yml:1: aws-access-token (AKIA…)" {
		t.Errorf("report %q, want one finding in config.yml", got)
	}
	if _, err := exec.LookPath("git"); err == nil {
		err := detector(t).Run(context.Background(), dir, scan.Options{History: true}, func(scan.Finding) {})
		if !errors.Is(err, &arca.Error{Code: arca.EInvalid}) {
			t.Errorf("--history outside git: %v, want EInvalid", err)
		}
	}
	file := filepath.Join(dir, "config.yml")
	if got := scanLines(t, file, scan.Options{}); len(got) != 1 || got[0] != filepath.ToSlash(file)+":1: aws-access-token (AKIA…)" {
		t.Errorf("scan of one file: %q", got)
	}
	err := detector(t).Run(context.Background(), file, scan.Options{History: true}, func(scan.Finding) {})
	if !errors.Is(err, &arca.Error{Code: arca.EInvalid}) {
		t.Errorf("--history on a file: %v, want EInvalid", err)
	}
	err = detector(t).Run(context.Background(), filepath.Join(dir, "nope"), scan.Options{}, func(scan.Finding) {})
	if !errors.Is(err, &arca.Error{Code: arca.EInvalid}) {
		t.Errorf("scan of a missing path: %v, want EInvalid", err)
	}
}

// TestRun_History follows acceptance scenario 044.
func TestRun_History(t *testing.T) {
	requireGit(t)
	ak1, ak2 := "AKIA"+rnd(24, upper32, 16), "AKIA"+rnd(25, upper32, 16)
	block, body := pemBlock("RSA ", 26)
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, repo, "app.py", "print(\"hello\")\n")
	write(t, repo, ".env", "DEBUG=true\nAWS_ACCESS_KEY_ID="+ak1+"\n")
	write(t, repo, "config/deploy.pem", block)
	run(t, repo, "add", "-A")
	run(t, repo, "commit", "-q", "-m", "add app")
	run(t, repo, "rm", "-q", ".env", "config/deploy.pem")
	write(t, repo, ".gitignore", ".env\n.env.*\n!.env.example\n*.pem\n")
	run(t, repo, "add", ".gitignore")
	run(t, repo, "commit", "-q", "-m", "remove secrets, ignore .env")
	run(t, repo, "checkout", "-q", "-b", "experiment")
	write(t, repo, "local_settings.py", "AWS_ACCESS_KEY_ID = \""+ak2+"\"\n")
	run(t, repo, "add", "-A")
	run(t, repo, "commit", "-q", "-m", "try something")
	// The same file changed again: its secret is reported once.
	write(t, repo, "local_settings.py", "# moved\nAWS_ACCESS_KEY_ID = \""+ak2+"\"\n")
	run(t, repo, "commit", "-q", "-am", "again")
	run(t, repo, "checkout", "-q", "main")

	if got := scanLines(t, repo, scan.Options{}); len(got) != 0 {
		t.Fatalf("the tree is clean, got %q", got)
	}
	got := scanLines(t, repo, scan.Options{History: true})
	if len(got) != 3 {
		t.Errorf("history report has %d lines, want 3:\n%s", len(got), strings.Join(got, "\n"))
	}
	for _, prefix := range []string{".env:2: aws-access-token (AKIA…) commit ", "config/deploy.pem:1: private-key (----…) commit ", "local_settings.py:1: aws-access-token (AKIA…) commit "} {
		if !hasPrefix(got, prefix) {
			t.Errorf("no line %q… in\n%s", prefix, strings.Join(got, "\n"))
		}
	}
	noSecret(t, got, ak1, ak2, body)

	t.Run("tag_only", func(t *testing.T) {
		run(t, repo, "checkout", "-q", "--orphan", "tagged")
		run(t, repo, "rm", "-rqf", ".")
		write(t, repo, "t.py", "k = \""+"AKIA"+rnd(27, upper32, 16)+"\"\n")
		run(t, repo, "add", "t.py")
		run(t, repo, "commit", "-q", "-m", "tagged")
		run(t, repo, "tag", "v1")
		run(t, repo, "checkout", "-q", "main")
		run(t, repo, "branch", "-D", "tagged")
		if got := scanLines(t, repo, scan.Options{History: true}); !hasPrefix(got, "t.py:1: aws-access-token") {
			t.Errorf("a secret reachable only from a tag is missing:\n%s", strings.Join(got, "\n"))
		}
	})
}

// TestRun_CleanRepo follows acceptance scenario 045.
func TestRun_CleanRepo(t *testing.T) {
	requireGit(t)
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, repo, "settings/production.py", `import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASE_URL = os.getenv("DATABASE_URL", "")
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
ALLOWED_HOSTS = ["www.example.com"]
`)
	write(t, repo, ".env.example", "DJANGO_SECRET_KEY=<generated-value>\nDATABASE_URL=<postgres-connection-url>\nREDIS_URL=redis://localhost:6379/0\n")
	write(t, repo, ".gitignore", ".env\n.env.*\n!.env.example\n*.env\n*.local\ncredentials*.json\n*.pem\n*.key\nid_rsa\nsecrets/\n")
	write(t, repo, "README.md", "# app\n\nSecrets come from SSM Parameter Store at startup.\n")
	run(t, repo, "add", "-A")
	run(t, repo, "commit", "-q", "-m", "initial")
	write(t, repo, "settings/production.py", "TIMEOUT = 30\n")
	run(t, repo, "commit", "-q", "-am", "timeout")
	for _, opt := range []scan.Options{{}, {History: true}, {Staged: true}} {
		if got := scanLines(t, repo, opt); len(got) != 0 {
			t.Errorf("%+v: clean repository reported %q", opt, got)
		}
	}
}

func TestRun_Staged(t *testing.T) {
	requireGit(t)
	akid := "AKIA" + rnd(28, upper32, 16)
	repo := t.TempDir()
	run(t, repo, "init", "-q", "-b", "main")
	write(t, repo, "a.py", "x = 1\n")
	run(t, repo, "add", "a.py")
	// Before the first commit every staged file counts.
	if got := scanLines(t, repo, scan.Options{Staged: true}); len(got) != 0 {
		t.Errorf("clean index reported %q", got)
	}
	write(t, repo, "b.py", "k = \""+akid+"\"\n")
	run(t, repo, "add", "b.py")
	if got := scanLines(t, repo, scan.Options{Staged: true}); len(got) != 1 || !strings.HasPrefix(got[0], "b.py:1: aws-access-token") {
		t.Errorf("staged secret (no HEAD yet): %q", got)
	}
	run(t, repo, "commit", "-q", "-m", "initial")
	// The index is what counts, not the file on disk.
	write(t, repo, "a.py", "k = \""+akid+"\"\n")
	if got := scanLines(t, repo, scan.Options{Staged: true}); len(got) != 0 {
		t.Errorf("unstaged change reported %q", got)
	}
	run(t, repo, "add", "a.py")
	write(t, repo, "a.py", "x = 2\n")
	if got := scanLines(t, repo, scan.Options{Staged: true}); len(got) != 1 || !strings.HasPrefix(got[0], "a.py:1: aws-access-token") {
		t.Errorf("staged secret: %q", got)
	}
}
