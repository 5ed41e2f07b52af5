package awsquery_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// FuzzDecode feeds arbitrary form bodies to the decoder: it must never
// panic, and it either fills the struct or returns a ValidationError fault.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"UserName=a&Tags.member.1.Key=k&Tags.member.1.Value=v",
		"TagKeys.member.1=a&TagKeys.member.99999999999999999999=b&TagKeys.member.-1=c&TagKeys.member.+1=d",
		"ContextEntries.member.1.ContextKeyValues.member.2=x&ContextEntries.member.1.member.1=y",
		"DurationSeconds=-0&MaxItems=9223372036854775808&SetAsDefault=True",
		"Path=%ZZ&PolicyArns.member.1.arn=&PolicyArns.member.1.member.1.arn=x",
		"Tags.member..Key=a&.member.1=b&member.1=c",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return // the server answers a malformed body before decoding
		}
		var s sample
		err = awsquery.Decode(form, &s)
		var fault *awsquery.Fault
		if err != nil && (!errors.As(err, &fault) || fault.Code != "ValidationError") {
			t.Fatalf("Decode(%q) = %v", body, err)
		}
		if len(s.Tags) > 1000 || len(s.TagKeys) > 1000 {
			t.Fatalf("list over the limit: %d %d", len(s.Tags), len(s.TagKeys))
		}
	})
}

// FuzzHandle runs whole requests through a Service: every answer is well
// formed XML, and no input gets a 5xx.
func FuzzHandle(f *testing.F) {
	f.Add([]byte("Action=Echo&Version=2010-05-08&V=x"))
	f.Add([]byte("Action=Echo&V=%00%ff"))
	f.Add([]byte("Action=%3C%2F&Version=%26"))
	s := testService()
	ctx := arca.WithCaller(context.Background(), &arca.Caller{RequestID: "fuzz"})
	f.Fuzz(func(t *testing.T, body []byte) {
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("V") == "boom" {
			return
		}
		rec := httptest.NewRecorder()
		s.Handle(ctx, rec, form)
		if rec.Code >= 500 {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
		if rec.Code == 200 {
			return
		}
		var env struct {
			Code string `xml:"Error>Code"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Code == "" {
			t.Fatalf("%q: not an error envelope: %v %s", body, err, rec.Body)
		}
	})
}
