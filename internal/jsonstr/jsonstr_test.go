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
		if got := jsonstr.Append(nil, []byte(s)); !bytes.Equal(got, want) {
			t.Fatalf("Append([]byte(%q)) = %s, json.Marshal = %s", s, got, want)
		}
	})
}

// TestAppend_NoAllocation: into a buffer with room, Append allocates
// nothing, for strings and byte slices, whatever runes they hold.
func TestAppend_NoAllocation(t *testing.T) {
	s := "wörter <&> \u2028 \xff " + string(make([]byte, 40)) + "😀😀😀😀😀😀😀😀😀😀"
	buf, bs := make([]byte, 0, 1024), []byte(s)
	for _, n := range []float64{
		testing.AllocsPerRun(100, func() { jsonstr.Append(buf, s) }),
		testing.AllocsPerRun(100, func() { jsonstr.Append(buf, bs) }),
	} {
		if n != 0 {
			t.Errorf("Append allocated %v times", n)
		}
	}
}
