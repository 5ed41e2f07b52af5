package awsssm

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// checkAppend compares getParameterOutput's AppendJSON with encoding/json,
// with the value in Parameter.Value and as the plaintext's bytes.
func checkAppend(t *testing.T, p parameter) {
	t.Helper()
	o := &getParameterOutput{Parameter: p}
	want, err := json.Marshal((*reflected)(o)) // encoding/json's own encoding of the shape
	if err != nil {
		t.Fatal(err)
	}
	if got := o.AppendJSON(nil); string(got) != string(want) {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
	}
	plain := &getParameterOutput{Parameter: p, plain: arca.Value(p.Value)}
	plain.Parameter.Value = ""
	if got := plain.AppendJSON(nil); string(got) != string(want) {
		t.Fatalf("AppendJSON of the plaintext:\n got %s\nwant %s", got, want)
	}
	if got, err := json.Marshal(plain); err != nil || string(got) != string(want) {
		t.Fatalf("json.Marshal of the plaintext answer:\n got %s (%v)\nwant %s", got, err, want)
	}
}

// reflected is getParameterOutput without its methods: what encoding/json
// writes for the shape by reflection.
type reflected getParameterOutput

// TestGetParameterWipe: the answer's plaintext is zeroed by Wipe.
func TestGetParameterWipe(t *testing.T) {
	o := &getParameterOutput{plain: arca.Value("s3cret")}
	o.Wipe()
	if string(o.plain) != "\x00\x00\x00\x00\x00\x00" {
		t.Fatalf("after Wipe: %q", []byte(o.plain))
	}
	(&getParameterOutput{}).Wipe() // no plaintext: nothing to do
}

func TestGetParameterAppendJSON(t *testing.T) {
	mod := awsjson.Time(time.UnixMilli(1_763_829_843_123))
	whole := awsjson.Time(time.Unix(1_700_000_000, 0))
	for _, p := range []parameter{
		{},
		{Name: "/a/b", Type: "SecureString", Value: "s3cr<e>t&\"\\\n\t\x01é\u2028\xff", Version: 42, LastModifiedDate: &mod,
			ARN: "arn:aws:ssm:us-east-1:000000000000:parameter/a/b", DataType: "text"},
		{Name: "p", Type: "String", Value: "", Version: 1, Selector: ":3", SourceResult: `{"x":1}`, LastModifiedDate: &whole, DataType: "aws:ec2:image"},
		{Name: "n", Version: -1},
	} {
		checkAppend(t, p)
	}
}

func FuzzGetParameterAppendJSON(f *testing.F) {
	f.Add("/a", "v<>&\u2028", ":1", int64(3), int64(1_763_829_843_123))
	f.Fuzz(func(t *testing.T, name, value, selector string, version, ms int64) {
		mod := awsjson.Time(time.UnixMilli(ms))
		checkAppend(t, parameter{Name: name, Type: "SecureString", Value: value, Version: version, Selector: selector,
			SourceResult: value, LastModifiedDate: &mod, ARN: "arn:" + name, DataType: "text"})
	})
}
