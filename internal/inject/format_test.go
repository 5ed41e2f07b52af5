package inject_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

var hardValues = []string{
	"plain", "", "with space", `Q1@pa:ss&wo/rd $HOME` + "`id`'\"\\#!", "multi\nline\nvalue", "it's", "$(rm -rf /)", "tab\there", "%41",
}

func TestWrite_ShellRoundTrip(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, v := range hardValues {
		var b bytes.Buffer
		if err := inject.Write(&b, []inject.EnvVar{{Name: "V", Value: v, Sensitive: true}}, inject.FormatShell, true); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bash, "-c", `eval "$1" && printf '%s' "$V"`, "_", b.String()).Output()
		if err != nil || string(out) != v {
			t.Errorf("eval of %q gives %q (%v)", b.String(), out, err)
		}
	}
}

func TestWrite_Dotenv(t *testing.T) {
	for _, v := range hardValues {
		var b bytes.Buffer
		if err := inject.Write(&b, []inject.EnvVar{{Name: "V", Value: v}}, inject.FormatDotenv, false); err != nil {
			t.Fatal(err)
		}
		got, err := inject.ParseEnvFile("out.env", b.Bytes())
		if err != nil || got["V"] != strings.TrimSpace(v) && got["V"] != v {
			t.Errorf("dotenv %q reads back as %q (%v)", b.String(), got["V"], err)
		}
	}
	var b bytes.Buffer
	_ = inject.Write(&b, []inject.EnvVar{{Name: "HOST", Value: "db.internal"}, {Name: "PORT", Value: "5432"}}, inject.FormatDotenv, false)
	if b.String() != "HOST=db.internal\nPORT=5432\n" {
		t.Errorf("plain values are unquoted: %q", b.String())
	}
}

func TestWrite_Masking(t *testing.T) {
	vars := []inject.EnvVar{{Name: "HOST", Value: "db"}, {Name: "PASSWORD", Value: "s3cr3t", Sensitive: true}}
	for _, format := range []string{inject.FormatDotenv, inject.FormatShell, inject.FormatJSON} {
		var b bytes.Buffer
		if err := inject.Write(&b, vars, format, false); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "s3cr3t") || !strings.Contains(b.String(), "PASSWORD") {
			t.Errorf("%s without --show-sensitive: %q", format, b.String())
		}
		b.Reset()
		_ = inject.Write(&b, vars, format, true)
		if !strings.Contains(b.String(), "s3cr3t") {
			t.Errorf("%s with --show-sensitive: %q", format, b.String())
		}
	}
	var b bytes.Buffer
	_ = inject.Write(&b, vars, inject.FormatJSON, false)
	var m map[string]*string
	if err := json.Unmarshal(b.Bytes(), &m); err != nil || *m["HOST"] != "db" || m["PASSWORD"] != nil {
		t.Errorf("json: %s (%v)", b.String(), err)
	}
	if err := inject.Write(&b, nil, "yaml", false); err == nil {
		t.Error("unknown format accepted")
	}
}
