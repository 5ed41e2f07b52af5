package arca_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/arca-vault/arca"
)

func TestValue_NeverPrints(t *testing.T) {
	v := arca.Value("hunter2-secret")
	outs := map[string]string{
		"%v": fmt.Sprintf("%v", v), "%s": fmt.Sprintf("%s", v), "%q": fmt.Sprintf("%q", v),
		"%x": fmt.Sprintf("%x", v), "%#v": fmt.Sprintf("%#v", v), "%+v": fmt.Sprintf("%+v", struct{ V arca.Value }{v}),
	}
	j, _ := json.Marshal(struct{ V arca.Value }{v})
	outs["json"] = string(j)
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
	outs["slog"] = buf.String()
	for name, out := range outs {
		if strings.Contains(out, "hunter2") || strings.Contains(out, "68756e74") {
			t.Errorf("%s leaks the value: %s", name, out)
		}
	}
	if v.Reveal() != "hunter2-secret" {
		t.Fatal("Reveal changed the value")
	}
	v.Zero()
	if !bytes.Equal(v, make([]byte, len(v))) {
		t.Fatal("Zero left bytes")
	}
}

func TestPartitionAndARN(t *testing.T) {
	cases := map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov", "eu-central-1": "aws"}
	for r, want := range cases {
		if got := arca.Partition(r); got != want {
			t.Errorf("Partition(%s) = %s, want %s", r, got, want)
		}
	}
	if got := arca.ARN("iam", "cn-north-1", "000000000000", "root", true); got != "arn:aws-cn:iam::000000000000:root" {
		t.Errorf("ARN = %s", got)
	}
	if _, ok := arca.ParseARN("not-an-arn"); ok {
		t.Error("ParseARN accepted garbage")
	}
}
