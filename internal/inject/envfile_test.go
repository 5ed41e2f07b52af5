package inject_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
)

func TestParseEnvFile(t *testing.T) {
	src := "# /opt/deployment/.env\n" +
		"DB_MASTER_SECRET_ARN=arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-abcdef-AbCdEf\n" +
		"\n" +
		"export EXPORTED=yes\n" +
		"  SPACED = padded value  \n" +
		"INLINE=value # a comment\n" +
		"HASH=a#b\n" +
		"SINGLE='it is $HOME'\n" +
		"DOUBLE=\"line1\\nline2 \\\"q\\\" \\$HOME\"\n" +
		"MULTI=\"-----BEGIN KEY-----\nabc\n-----END KEY-----\"\n" +
		"EMPTY=\n" +
		"LATER=1\r\n" +
		"LATER=2\n"
	got, err := inject.ParseEnvFile("b.env", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"DB_MASTER_SECRET_ARN": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-abcdef-AbCdEf",
		"EXPORTED":             "yes",
		"SPACED":               "padded value",
		"INLINE":               "value",
		"HASH":                 "a#b",
		"DOUBLE":               "line1\nline2 \"q\" $HOME",
		"MULTI":                "-----BEGIN KEY-----\nabc\n-----END KEY-----",
		"EMPTY":                "",
		"LATER":                "2",
	}
	delete(got, "SINGLE") // checked below
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	one, err := inject.ParseEnvFile("s.env", []byte("S='a $HOME \\n b'\n"))
	if err != nil || one["S"] != `a $HOME \n b` {
		t.Errorf("single quotes are literal: %q, %v", one["S"], err)
	}
}

func TestParseEnvFile_Errors(t *testing.T) {
	const secret = "s3cr3t-value"
	tests := []struct{ name, src, want string }{
		{"no_equals", "A=1\nJUSTTEXT\n", "e.env:2: want NAME=VALUE"},
		{"bad_name", "1A=" + secret + "\n", `e.env:1: "1A" is not a valid variable name`},
		{"unterminated", "A=1\nB=\"" + secret + "\n\n", "e.env:2: B: unterminated \" quote"},
		{"trailing_text", "X='" + secret + "' trailing\n", "e.env:1: X: unexpected text after the closing quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inject.ParseEnvFile("e.env", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows the value: %v", err)
			}
		})
	}
}
