package redact_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/audit/redact"
)

// oldJSON is the tree-building redactor JSON replaced: decode into maps,
// drop secret members, marshal. It is the oracle of FuzzJSON.
func oldJSON(body []byte) json.RawMessage {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return nil
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil
	}
	raw, err := json.Marshal(redact.Value(v))
	if err != nil {
		return nil
	}
	return raw
}

// decode reads raw into a tree with numbers as written.
func decode(t *testing.T, raw []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("output %q is not JSON: %v", raw, err)
	}
	return v
}

// collides reports whether some object in body has two member names that
// are equal once in lowerCamel form: the old redactor kept a random one.
func collides(body []byte) bool {
	d := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		object bool
		names  map[string]bool
		key    bool // the next string token is a member name
	}
	var stack []*frame
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch x := tok.(type) {
		case json.Delim:
			switch x {
			case '{':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{object: true, names: map[string]bool{}, key: true})
			case '[':
				if top != nil && top.object {
					top.key = true
				}
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return false
				}
			}
		case string:
			if top != nil && top.object && top.key {
				n := redact.LowerCamel(x)
				if top.names[n] {
					return true
				}
				top.names[n] = true
				top.key = false
				continue
			}
			if top != nil && top.object {
				top.key = true
			}
		default:
			if top != nil && top.object {
				top.key = true
			}
		}
		if len(stack) == 0 {
			return false
		}
	}
}

// noSecrets fails when a secret member name survives anywhere in v.
func noSecrets(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if redact.Sensitive(k) {
				t.Fatalf("secret member %q survived", k)
			}
			noSecrets(t, e)
		}
	case []any:
		for _, e := range x {
			noSecrets(t, e)
		}
	}
}

// FuzzJSON: the streaming redactor refuses what the tree-building one
// refused, and otherwise writes valid JSON with the same content and no
// secret member.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"Name":"/a","Value":"s","Type":"SecureString","Overwrite":true}`,
		`{"SecretId":"a","Inner":{"SECRETSTRING":"x","list":[{"plaintext":"y","KeyId":"k"}]}}`,
		`[1,-0.5e+10,true,false,null,"x\u0041\n",{"a":{}}]`,
		`{"Name":"a","Name":"b"}`, `{"a":1,}`, `{"a" 1}`, `"\ud800"`, `{"x":"\xff"}`, `  {"Tags":[{"Key":"k","Value":"v"}]} trailing`,
		`{"<":"&>","KMSKeyId":"k","ARN":"a"}`, `0`, `-`, `01`, `1.`, `1e`, `{"a":tru}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, want := redact.JSON(body), oldJSON(body)
		if (got == nil) != (want == nil) {
			t.Fatalf("JSON(%q) = %q, the old redactor gave %q", body, got, want)
		}
		if got == nil {
			return
		}
		gv := decode(t, got)
		noSecrets(t, gv)
		if strings.Contains(string(got), "\n") || !json.Valid(got) {
			t.Fatalf("output %q is not compact JSON", got)
		}
		if !collides(body) && !reflect.DeepEqual(gv, decode(t, want)) {
			t.Fatalf("JSON(%q) = %s, the old redactor gave %s", body, got, want)
		}
	})
}

func BenchmarkJSON(b *testing.B) {
	for _, c := range []struct{ name, body string }{
		{"GetParameter", `{"Name":"/bench/p/00042","WithDecryption":true}`},
		{"PutParameter_1KiB", `{"Name":"/bench/w/00042","Value":"` + strings.Repeat("v", 1024) + `","Type":"SecureString","Overwrite":true}`},
	} {
		b.Run(c.name+"/stream", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				redact.JSON([]byte(c.body))
			}
		})
		b.Run(c.name+"/tree", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				oldJSON([]byte(c.body))
			}
		})
	}
}
