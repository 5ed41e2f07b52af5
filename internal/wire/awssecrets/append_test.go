package awssecrets

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// checkAppend compares secretValue's AppendJSON with encoding/json.
func checkAppend(t *testing.T, v *secretValue) {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.AppendJSON(nil); string(got) != string(want) {
		t.Fatalf("AppendJSON:\n got %s\nwant %s", got, want)
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
