package jsonstr_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/arca-vault/arca/internal/jsonstr"
)

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", "<a&b>", "\u2028\u2029", "\x00\x1f\x7f", "\b\f\n\r\t\"\\", "é😀", "\xff\xfe\xc3", "a\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsonstr.Append(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("Append(%q) = %s, json.Marshal = %s", s, got, want)
		}
	})
}
