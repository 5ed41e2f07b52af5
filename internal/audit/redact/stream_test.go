package redact_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
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

// TestJSON_secretValuesNeverSurvive builds random nested documents whose
// secret members (in any case, names sometimes written with escapes, in
// objects nested in arrays) hold a marker, and checks that no marker
// reaches the output while everything else does, as the old redactor kept
// it.
func TestJSON_secretValuesNeverSurvive(t *testing.T) {
	const marker = "M4RK3R"
	rng := rand.New(rand.NewPCG(1, 2))
	secret := []string{"Value", "SecretString", "SECRETBINARY", "plaintext", "Password", "SessionToken", "privateKey", "Token", "KeyMaterial", "ciphertextBlob"}
	plain := []string{"Name", "SecretId", "KeyId", "Tags", "Key", "ARN", "KMSKeyId", "list", "Type", "Overwrite", "x"}
	space := func(b *strings.Builder) {
		b.WriteString([]string{"", "", " ", "\n\t", "\r "}[rng.IntN(5)])
	}
	// name writes a member name, sometimes with its first letter escaped,
	// so that only a redactor that decodes names finds the secret ones.
	name := func(b *strings.Builder, n string) {
		if rng.IntN(4) == 0 {
			fmt.Fprintf(b, `"\u%04x%s"`, n[0], n[1:])
			return
		}
		b.WriteString(strconv.Quote(n))
	}
	var value func(b *strings.Builder, depth int, mark bool)
	value = func(b *strings.Builder, depth int, mark bool) {
		space(b)
		k := rng.IntN(7)
		if depth > 4 {
			k %= 4
		}
		switch k {
		case 0:
			if mark {
				b.WriteString(`"` + marker + `<&é"`)
			} else {
				b.WriteString(`"plain\n\u00e9<"`)
			}
		case 1:
			b.WriteString([]string{"true", "false", "null", "-1.5e+3", "0", "12345678901234567890"}[rng.IntN(6)])
		case 2, 3:
			if mark {
				b.WriteString(`"\u004d4RK3R"`) // an escaped marker decodes to it too
			} else {
				b.WriteString(`"\ud83d\ude00"`)
			}
		case 4, 5:
			b.WriteByte('{')
			used := map[string]bool{}
			for i, n := 0, rng.IntN(5); i < n; i++ {
				if i > 0 {
					b.WriteByte(',')
				}
				space(b)
				if rng.IntN(3) == 0 {
					name(b, secret[rng.IntN(len(secret))])
					space(b)
					b.WriteByte(':')
					value(b, depth+1, true)
				} else {
					n := plain[rng.IntN(len(plain))]
					for used[redact.LowerCamel(n)] {
						n += "z"
					}
					used[redact.LowerCamel(n)] = true
					name(b, n)
					space(b)
					b.WriteByte(':')
					value(b, depth+1, mark)
				}
				space(b)
			}
			b.WriteByte('}')
		case 6:
			b.WriteByte('[')
			for i, n := 0, rng.IntN(4); i < n; i++ {
				if i > 0 {
					b.WriteByte(',')
				}
				value(b, depth+1, mark)
			}
			b.WriteByte(']')
		}
		space(b)
	}
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		b.WriteByte('{')
		name(&b, secret[rng.IntN(len(secret))])
		b.WriteByte(':')
		value(&b, 1, true)
		b.WriteString(`,"Name":`)
		value(&b, 1, false)
		b.WriteByte('}')
		body := []byte(b.String())
		if !json.Valid(body) {
			t.Fatalf("generated invalid JSON %s", body)
		}
		got := redact.JSON(body)
		if got == nil || !json.Valid(got) {
			t.Fatalf("JSON(%s) = %q, want valid JSON", body, got)
		}
		if bytes.Contains(got, []byte(marker)) {
			t.Fatalf("JSON(%s) = %s: a secret value survived", body, got)
		}
		gv := decode(t, got)
		noSecrets(t, gv)
		if want := decode(t, oldJSON(body)); !reflect.DeepEqual(gv, want) {
			t.Fatalf("JSON(%s) = %s, the old redactor gave %s", body, got, oldJSON(body))
		}
	}
}

// TestJSON_names: member names are written in LowerCamel form, whichever
// way the redactor reads them (plain ASCII, escaped, or not ASCII).
func TestJSON_names(t *testing.T) {
	for _, n := range []string{"", "A", "a", "AB", "ABc", "Ab", "aB", "KMSKeyId", "X1", "URLs", "ID", "_A", "A_b", "A1b", "ÉTat", "ÉTAT", "<A>", "A&B", "Ünïcode", "\u2028X", "A\u0042c"} {
		body := `{"` + n + `":1}`
		var name string
		if err := json.Unmarshal([]byte(`"`+n+`"`), &name); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(map[string]int{redact.LowerCamel(name): 1})
		if got := redact.JSON([]byte(body)); string(got) != string(want) {
			t.Errorf("JSON(%s) = %s, want %s", body, got, want)
		}
	}
}
