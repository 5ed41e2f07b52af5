package awssecrets

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// checkAppend compares secretValue's AppendJSON with encoding/json.
func checkAppend(t *testing.T, v *secretValue) {
	t.Helper()
	want, err := json.Marshal((*reflected)(v)) // encoding/json's own encoding of the shape
	if err != nil {
		t.Fatal(err)
	}
	if got := v.AppendJSON(nil); string(got) != string(want) {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
	}
	if v.SecretString != nil { // the same answer with the string as opened bytes
		plain := *v
		plain.SecretString, plain.plain, plain.plainSet = nil, arca.Value(*v.SecretString), true
		if got := plain.AppendJSON(nil); string(got) != string(want) {
			t.Fatalf("AppendJSON of the plaintext:\n got %s\nwant %s", got, want)
		}
		if got, err := json.Marshal(&plain); err != nil || string(got) != string(want) {
			t.Fatalf("json.Marshal of the plaintext answer:\n got %s (%v)\nwant %s", got, err, want)
		}
	}
}

// reflected is secretValue without its methods: what encoding/json writes
// for the shape by reflection.
type reflected secretValue

// TestSecretValueWipe: the answer's plaintext and binary are zeroed by Wipe.
func TestSecretValueWipe(t *testing.T) {
	v := &secretValue{plain: arca.Value("pw"), plainSet: true, SecretBinary: []byte{7, 8}}
	b := &batchGetSecretValueOutput{SecretValues: []*secretValue{v}}
	b.Wipe()
	if string(v.plain) != "\x00\x00" || string(v.SecretBinary) != "\x00\x00" {
		t.Fatalf("after Wipe: %q %q", []byte(v.plain), v.SecretBinary)
	}
}

func TestSecretValueAppendJSON(t *testing.T) {
	created := awsjson.Time(time.UnixMilli(1_763_829_843_120))
	s, empty := "{\"user\":\"<admin>\",\"pw\":\"a&b\\\u2029\xfe\"}", ""
	for _, v := range []*secretValue{
		{},
		{ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf", Name: "db", VersionID: "v1", SecretString: &s,
			VersionStages: []string{"AWSCURRENT", "custom<1>"}, CreatedDate: &created},
		{Name: "bin", SecretBinary: []byte{0, 1, 2, 0xfb, 0xff}, VersionStages: []string{}},
		{Name: "empty", SecretString: &empty, SecretBinary: []byte{}},
	} {
		checkAppend(t, v)
	}
}

func FuzzSecretValueAppendJSON(f *testing.F) {
	f.Add("db", "s3cr<e>t", []byte{1, 2}, "AWSCURRENT", int64(1_763_829_843_123))
	f.Fuzz(func(t *testing.T, name, str string, bin []byte, stage string, ms int64) {
		created := awsjson.Time(time.UnixMilli(ms))
		checkAppend(t, &secretValue{ARN: "arn:" + name, Name: name, VersionID: stage, SecretString: &str, SecretBinary: bin,
			VersionStages: []string{stage, name}, CreatedDate: &created})
	})
}
