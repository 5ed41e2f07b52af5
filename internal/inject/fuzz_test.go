package inject_test

import (
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

// FuzzParseVars: no input makes the vars.yaml parser panic, and every
// error carries the file name.
func FuzzParseVars(f *testing.F) {
	f.Add(seed001)
	f.Add("- name: A\n  secret:\n    arn_from: B\n    key: k\n")
	f.Add("- {name: A, compose: {template: '${B', encode: [B]}}")
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := inject.ParseVars("v.yaml", []byte(src)); err != nil && !strings.HasPrefix(err.Error(), "v.yaml") {
			t.Fatalf("error without the file name: %v", err)
		}
	})
}

// FuzzParseEnvFile: no input panics, and an error never quotes a value.
func FuzzParseEnvFile(f *testing.F) {
	f.Add("A=1\nB='x'\nC=\"y\\n\"\n# c\nexport D=4\n")
	f.Add("A=\"unterminated")
	f.Fuzz(func(t *testing.T, src string) {
		_, err := inject.ParseEnvFile("e.env", []byte(src+"\nZZ=S3CR3TVALUE-\"q"))
		if err != nil && strings.Contains(err.Error(), "S3CR3TVALUE") {
			t.Fatalf("the error quotes a value: %v", err)
		}
	})
}

// FuzzParseValueFrom: no valueFrom panics; a secret's ID is never empty.
func FuzzParseValueFrom(f *testing.F) {
	f.Add("arn:aws:secretsmanager:us-east-1:0:secret:x:k:AWSCURRENT:v")
	f.Add("/a/b")
	f.Add("arn:aws:ssm:us-east-1:0:parameter/a")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := inject.ParseValueFrom(s)
		if err == nil && v.Kind == inject.KindSecret && v.Secret.ID == "" {
			t.Fatalf("secret without an id from %q", s)
		}
	})
}
