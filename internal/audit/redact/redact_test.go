package redact_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/audit/redact"
)

func TestJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ssm_put", `{"Name":"/prod/web/X","Value":"s3cr3t","Type":"SecureString","Overwrite":true}`, `{"name":"/prod/web/X","type":"SecureString","overwrite":true}`},
		{"get_decrypt", `{"Name":"/prod/web/X","WithDecryption":true}`, `{"name":"/prod/web/X","withDecryption":true}`},
		{"nested_case_insensitive", `{"SecretId":"a","Inner":{"SECRETSTRING":"x","list":[{"plaintext":"y","KeyId":"k"}]}}`, `{"secretId":"a","inner":{"list":[{"keyId":"k"}]}}`},
		{"first_member_secret", `{"SecretString":"x", "Name" : "n" ,"Tags":[ {"Key":"k","Value":"v"} , 1, -2.5e+3, true, false, null ] }`, `{"name":"n","tags":[{"key":"k"},1,-2.5e+3,true,false,null]}`},
		{"only_secrets", `{"SecretString":"x","Value":{"deep":[1]}}`, `{}`},
		{"duplicate_last_wins", `{"Name":"a","Type":"t","Name":"b"}`, `{"type":"t","name":"b"}`},
		{"camel_collision_last_wins", `{"name":"a","Name":"b","x":1}`, `{"name":"b","x":1}`},
		{"duplicate_secret_dropped", `{"Name":"a","Value":"s","Value":"t"}`, `{"name":"a"}`},
		{"duplicate_escaped_name", `{"Name":"a","\u004eame":"b","x":1,"name":"c"}`, `{"x":1,"name":"c"}`},
		{"duplicates_cut_first_twice", `{"A":{"x":[1]},"B":2,"a":3,"b":4,"a":5}`, `{"b":4,"a":5}`},
		{"escaped_secret_name", `{"\u0056alue":"s","SecretS\u0074ring":"t","Name":"n"}`, `{"name":"n"}`},
		{"html_in_name_and_value", `{"A<b>":"x&y","Kéy":"é"}`, `{"a\u003cb\u003e":"x\u0026y","kéy":"é"}`},
		{"strings_reencoded", `{"Name":"\u0041<b>\n\/","Description":"x","Path":"\u00e9\ud83d\ude00"}`, `{"name":"A\u003cb\u003e\n/","path":"é😀"}`},
		{"invalid_utf8", "{\"Name\":\"a\xffb\"}", "{\"name\":\"a\uFFFDb\"}"}, // decoded to U+FFFD, as encoding/json does
		{"trailing_data_ignored", `{"Name":"a"} {"SecretString":"x"}`, `{"name":"a"}`},
		{"scalar", `"just a string"`, `"just a string"`},
		{"bad_number", `{"N":01}`, ``},
		{"bad_escape", `{"N":"\x"}`, ``},
		{"control_char", "{\"N\":\"a\tb\"}", ``},
		{"missing_colon", `{"N" 1}`, ``},
		{"trailing_comma", `{"N":1,}`, ``},
		{"too_deep", strings.Repeat("[", 10001) + strings.Repeat("]", 10001), ``},
		{"deep_enough", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10000) + strings.Repeat("]", 10000)},
		{"empty", ``, ``},
		{"null", `null`, ``},
		{"invalid", `{"Value":"s3cr3t"`, ``},
		{"number_kept_exact", `{"NumberOfBytes":12345678901234567890}`, `{"numberOfBytes":12345678901234567890}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(redact.JSON([]byte(tt.in))); got != tt.want {
				t.Fatalf("JSON(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestForm(t *testing.T) {
	f := url.Values{"Action": {"CreateLoginProfile"}, "Version": {"2010-05-08"}, "UserName": {"bob"}, "Password": {"hunter2"}, "Tags.member.1.Value": {"v"}, "Tags.member.1.Key": {"k"}}
	if got, want := string(redact.Form(f)), `{"tags.member.1.key":"k","userName":"bob"}`; got != want {
		t.Fatalf("Form = %s, want %s", got, want)
	}
}

func TestLowerCamel(t *testing.T) {
	for in, want := range map[string]string{"SecretId": "secretId", "KMSKeyId": "kmsKeyId", "ARN": "arn", "name": "name", "Name": "name", "": ""} {
		if got := redact.LowerCamel(in); got != want {
			t.Errorf("LowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMembers_botocore reads the installed AWS models and fails when a
// member whose shape is marked sensitive is missing from Members.
func TestMembers_botocore(t *testing.T) {
	roots := []string{"/usr/share/python3-botocore/botocore/data", "/usr/lib/python3/dist-packages/botocore/data"}
	if home, err := os.UserHomeDir(); err == nil {
		m, _ := filepath.Glob(filepath.Join(home, ".pyenv/versions/*/lib/python3*/site-packages/botocore/data"))
		roots = append(roots, m...)
	}
	var root string
	for _, r := range roots {
		if _, err := os.Stat(filepath.Join(r, "ssm")); err == nil {
			root = r
			break
		}
	}
	if root == "" {
		t.Skip("botocore models not installed (python3-botocore)")
	}
	for _, svc := range []string{"ssm", "secretsmanager", "kms", "iam", "sts"} {
		files, _ := filepath.Glob(filepath.Join(root, svc, "*", "service-2.json*"))
		if len(files) == 0 {
			t.Fatalf("no model for %s under %s", svc, root)
		}
		sort.Strings(files)
		model := readModel(t, files[len(files)-1])
		for _, name := range sensitiveMembers(model) {
			if !redact.Sensitive(name) {
				t.Errorf("%s: member %s is sensitive in %s but not in redact.Members", svc, name, files[len(files)-1])
			}
		}
	}
}

type shape struct {
	Type      string                     `json:"type"`
	Sensitive bool                       `json:"sensitive"`
	Members   map[string]json.RawMessage `json:"members"`
	Member    *struct{ Shape string }    `json:"member"`
	Value     *struct{ Shape string }    `json:"value"`
}

func readModel(t *testing.T, path string) map[string]shape {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	var m struct{ Shapes map[string]shape }
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m.Shapes
}

// sensitiveMembers returns the names of members whose shape is sensitive,
// or a list or map of sensitive shapes.
func sensitiveMembers(shapes map[string]shape) []string {
	sens := func(name string) bool {
		s := shapes[name]
		if s.Sensitive {
			return true
		}
		if s.Member != nil && shapes[s.Member.Shape].Sensitive {
			return true
		}
		return s.Value != nil && shapes[s.Value.Shape].Sensitive
	}
	var out []string
	for _, s := range shapes {
		for name, raw := range s.Members {
			var m struct {
				Shape     string `json:"shape"`
				Sensitive bool   `json:"sensitive"`
			}
			_ = json.Unmarshal(raw, &m)
			if m.Sensitive || sens(m.Shape) {
				out = append(out, name)
			}
		}
	}
	return out
}
