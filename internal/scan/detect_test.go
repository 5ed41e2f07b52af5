package scan_test

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/scan"
)

// The fixtures are built at run time from a fixed seed, so that this file
// holds no secret-looking literal and arca scan of this repository stays clean.

const (
	upper32  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	alnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b64chars = alnum + "+/"
)

func rnd(seed uint64, alphabet string, n int) string {
	r := rand.New(rand.NewPCG(seed, 42))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func rndBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// pemBlock is a private key block whose body is random base64 lines.
func pemBlock(kind string, seed uint64) (block, firstBodyLine string) {
	body := base64.StdEncoding.EncodeToString(rndBytes(seed, 48*6))
	var lines []string
	for i := 0; i < len(body); i += 64 {
		lines = append(lines, body[i:min(i+64, len(body))])
	}
	begin := "-----BEGIN " + kind + "PRIVATE KEY-----"
	end := "-----END " + kind + "PRIVATE KEY-----"
	return begin + "\n" + strings.Join(lines, "\n") + "\n" + end + "\n", lines[0]
}

func detector(t testing.TB) *scan.Detector {
	t.Helper()
	d, err := scan.NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type hit struct {
	rule string
	line int
}

func TestDetector_Scan(t *testing.T) {
	akid := "AKIA" + rnd(1, upper32, 16)
	rsa, _ := pemBlock("RSA ", 2)
	pkcs8, _ := pemBlock("", 3)
	jwtPart := func(seed uint64, n int) string { return rnd(seed, alnum, n) }
	jwt := "eyJ" + jwtPart(4, 30) + ".eyJ" + jwtPart(5, 40) + "." + jwtPart(6, 43)
	gcpJSON := fmt.Sprintf("{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key\": %q\n}\n", pkcs8)
	cases := []struct {
		name    string
		path    string
		content string
		want    []hit
	}{
		{"aws_access_key_id", "settings/production.py",
			"import os\n\nAWS_ACCESS_KEY_ID = \"" + akid + "\"\n", []hit{{"aws-access-token", 3}}},
		{"aws_sts_key_id", "a.env", "X=1\nKEY_ID=ASIA" + rnd(7, upper32, 16) + "\n", []hit{{"aws-access-token", 2}}},
		{"aws_doc_example_ignored", "a.py", "k = \"AKIAIOSFODNN7EXAMPLE\"\n", nil},
		{"rsa_private_key_begin_line", "deploy/id_rsa", rsa, []hit{{"private-key", 1}}},
		{"private_key_after_text", "notes.md", "# key\n\n" + pkcs8, []hit{{"private-key", 3}}},
		{"gcp_service_account_json", "sa.json", gcpJSON, []hit{{"private-key", 4}}},
		{"github_pat", "ci.sh", "export GH=ghp_" + rnd(8, alnum, 36) + "\n", []hit{{"github-pat", 1}}},
		{"gitlab_pat", "ci.sh", "TOKEN='glpat-" + rnd(9, alnum, 20) + "'\n", []hit{{"gitlab-pat", 1}}},
		{"slack_bot_token", "bot.js", "const t = 'xoxb-" + rnd(10, "0123456789", 12) + "-" + rnd(11, "0123456789", 12) + "-" + rnd(12, alnum, 24) + "';\n", []hit{{"slack-bot-token", 1}}},
		{"stripe_live_key", "pay.rb", "Stripe.api_key = \"sk_live_" + rnd(13, alnum, 24) + "\"\n", []hit{{"stripe-access-token", 1}}},
		{"jwt", "req.http", "Authorization: Bearer " + jwt + "\n", []hit{{"jwt", 1}}},
		{"password_assignment", "config.ini", "[db]\npassword = \"" + rnd(14, alnum, 20) + "\"\n", []hit{{"generic-api-key", 2}}},
		{"high_entropy_base64", "settings.yml", "signing: " + base64.StdEncoding.EncodeToString(rndBytes(15, 33)) + "\n", []hit{{"high-entropy-assignment", 1}}},
		{"high_entropy_urlsafe", "app.conf", "COOKIE_SEED=" + rnd(16, alnum+"-_", 40) + "\n", []hit{{"high-entropy-assignment", 1}}},

		// False positives that must stay quiet.
		{"env_lookup", "settings/production.py",
			"import os\n\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nDATABASE_URL = os.getenv(\"DATABASE_URL\", \"\")\n" +
				"REDIS_URL = os.getenv(\"REDIS_URL\", \"redis://localhost:6379/0\")\n", nil},
		{"placeholders", ".env.example",
			"DJANGO_SECRET_KEY=<generated-value>\nDATABASE_URL=<postgres-connection-url>\nREDIS_URL=redis://localhost:6379/0\n", nil},
		{"template_reference", "deploy.yml", "password: ${DB_PASSWORD}\ntoken: \"{{ .Values.token }}\"\n", nil},
		{"sha256_digest", "Dockerfile", "ARG DIGEST=sha256:" + rnd(17, "0123456789abcdef", 64) + "\n", nil},
		{"git_commit_pin", ".pre-commit-config.yaml", "rev: " + rnd(18, "0123456789abcdef", 40) + "\n", nil},
		{"long_identifier", "a.java", "type = AbstractSingletonProxyFactoryBeanWithAnExtraLongName;\n", nil},
		{"uuid", "a.json", "{\"id\": \"" + "6f1c2a9e-8d4b-4f0a-9c3e-2b7d5e1a0f44" + "\"}\n", nil},
		{"url_with_path", "a.cfg", "endpoint = https://example.com/a/very/long/path/segment/that/goes/on\n", nil},
		{"readme", "README.md", "# service\n\nRun `make dev`.\n", nil},
		{"allow_marker", "a.py", "AWS_ACCESS_KEY_ID = \"" + akid + "\"  # arca:allow\n", nil},
		{"binary", "blob.bin", "\x00\x01AWS_ACCESS_KEY_ID=" + akid + "\n", nil},
		{"go_sum_path_allowlisted", "go.sum", "example.com/m v1.0.0 h1:" + base64.StdEncoding.EncodeToString(rndBytes(19, 32)) + "\n", nil},
	}
	d := detector(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []hit
			for _, f := range d.Scan(tc.path, []byte(tc.content)) {
				got = append(got, hit{f.RuleID, f.Line})
				if f.Path != tc.path {
					t.Errorf("path %q, want %q", f.Path, tc.path)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDetector_ScanTooLarge(t *testing.T) {
	akid := "AKIA" + rnd(1, upper32, 16)
	content := []byte(strings.Repeat("x", scan.MaxFileSize) + "\nk=" + akid + "\n")
	if got := detector(t).Scan("big.txt", content); len(got) != 0 {
		t.Errorf("file over MaxFileSize: %d findings, want none", len(got))
	}
}

func TestFinding_String(t *testing.T) {
	akid := "AKIA" + rnd(1, upper32, 16)
	block, body := pemBlock("RSA ", 2)
	d := detector(t)
	content := "k = \"" + akid + "\"\n" + block
	fs := d.Scan("x/y.txt", []byte(content))
	if len(fs) != 2 {
		t.Fatalf("%d findings, want 2", len(fs))
	}
	if got, want := fs[0].String(), "x/y.txt:1: aws-access-token (AKIA…)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	fs[1].Commit = "0123456789abcdef0123456789abcdef01234567"
	if got, want := fs[1].String(), "x/y.txt:2: private-key (----…) commit 0123456"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, f := range fs {
		for _, s := range []string{f.String(), fmt.Sprint(f), fmt.Sprintf("%+v", f), fmt.Sprintf("%#v", f)} {
			if strings.Contains(s, akid) || strings.Contains(s, body) {
				t.Errorf("the secret shows in %q", s)
			}
		}
	}
	if got := (scan.Finding{Secret: []byte("short")}).Excerpt(); got != "…" {
		t.Errorf("Excerpt of a short secret = %q, want only the ellipsis", got)
	}
}

func TestDefaultRules(t *testing.T) {
	rs, err := scan.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Rules) < 200 {
		t.Errorf("%d rules, want the gitleaks default set (over 200)", len(rs.Rules))
	}
	if _, err := scan.ParseRules([]byte("[[rules]]\nid = \"x\"\nregex = \"a\"\nunknown = 1\n")); err == nil {
		t.Error("ParseRules accepted an unknown key")
	}
	if _, err := scan.ParseRules([]byte("[[rules]]\nid = \"x\"\nregex = \"(\"\n")); err == nil {
		t.Error("ParseRules accepted a bad regex")
	}
}

// FuzzScanLine feeds arbitrary content to the scanner: it must not panic,
// its line numbers must lie inside the content, and what it prints must
// never carry more than the first 4 characters of a secret.
func FuzzScanLine(f *testing.F) {
	rsa, _ := pemBlock("RSA ", 2)
	for _, s := range []string{
		"AWS_ACCESS_KEY_ID = \"AKIA" + rnd(1, upper32, 16) + "\"\n",
		rsa,
		"password = \"" + rnd(14, alnum, 20) + "\"",
		"-----BEGIN PRIVATE KEY-----",
		"k: " + rnd(20, b64chars, 48) + "\r\n",
		"\n\n\n",
		"",
	} {
		f.Add(s)
	}
	d := detector(f)
	f.Fuzz(func(t *testing.T, content string) {
		lines := strings.Count(content, "\n") + 1
		for _, fd := range d.Scan("f.txt", []byte(content)) {
			if fd.Line < 1 || fd.Line > lines {
				t.Fatalf("line %d outside 1..%d", fd.Line, lines)
			}
			if len(fd.Secret) == 0 || !strings.Contains(content, string(fd.Secret)) {
				t.Fatalf("secret not taken from the content")
			}
			ex := strings.TrimSuffix(fd.Excerpt(), "…")
			if len([]rune(ex)) > 4 || !strings.HasPrefix(string(fd.Secret), ex) {
				t.Fatalf("excerpt %q shows more than a 4-character prefix", ex)
			}
		}
	})
}
