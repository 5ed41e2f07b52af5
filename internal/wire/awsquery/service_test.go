package awsquery_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

type echoIn struct{ V string }

type echoOut struct {
	V     string
	When  *awsquery.Time
	Items awsquery.List[string]
}

func testService() *awsquery.Service {
	return &awsquery.Service{
		SigningName: "iam",
		Namespace:   "https://iam.amazonaws.com/doc/2010-05-08/",
		Version:     "2010-05-08",
		Ops: map[string]awsquery.Op{
			"Echo": awsquery.Handler(func(_ context.Context, in *echoIn) (*echoOut, error) {
				switch in.V {
				case "boom":
					return nil, arca.Internal(errors.New("disk on fire: secret-xyz"))
				case "none":
					return nil, nil
				}
				return &echoOut{V: in.V, When: awsquery.TimePtr(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))}, nil
			}),
		},
	}
}

func TestService_Handle(t *testing.T) {
	s := testService()
	ctx := arca.WithCaller(context.Background(), &arca.Caller{RequestID: "rid-1"})
	cases := []struct{ name, form, status, body string }{
		{"ok", "Action=Echo&Version=2010-05-08&V=a<b", "200", `<EchoResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><EchoResult><V>a&lt;b</V><When>2026-01-02T03:04:05Z</When><Items></Items></EchoResult><ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></EchoResponse>`},
		{"no_result", "Action=Echo&V=none", "200", `<EchoResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></EchoResponse>`},
		{"unknown", "Action=Nope&Version=2010-05-08", "400", `<Code>InvalidAction</Code>`},
		{"wrong_version", "Action=Echo&Version=2011-06-15", "400", `<Code>InvalidAction</Code>`},
		{"missing_action", "Version=2010-05-08", "400", `<Code>MissingAction</Code>`},
		{"internal", "Action=Echo&V=boom", "500", `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>An internal error occurred. Try again later.</Message></Error><RequestId>rid-1</RequestId></ErrorResponse>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form, _ := url.ParseQuery(c.form)
			rec := httptest.NewRecorder()
			s.Handle(ctx, rec, form)
			if !strings.HasPrefix(rec.Result().Status, c.status) || !strings.Contains(rec.Body.String(), c.body) {
				t.Fatalf("%s: %s %s", c.form, rec.Result().Status, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "secret-xyz") {
				t.Fatalf("internal cause leaked: %s", rec.Body)
			}
			if err := xml.Unmarshal(rec.Body.Bytes(), new(struct{})); err != nil {
				t.Fatalf("not XML: %v", err)
			}
			if rec.Header().Get("Content-Type") != "text/xml" {
				t.Fatalf("Content-Type %q", rec.Header().Get("Content-Type"))
			}
		})
	}
}

func TestService_FaultBeforeCaller(t *testing.T) {
	s := testService()
	rec := httptest.NewRecorder()
	s.WriteFault(awsquery.WithRequestID(context.Background(), "rid-2"), rec, &awsquery.Fault{Status: 403, Code: "SignatureDoesNotMatch", Message: "bad & wrong"})
	want := `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>bad &amp; wrong</Message></Error><RequestId>rid-2</RequestId></ErrorResponse>`
	if rec.Code != 403 || rec.Body.String() != want {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestValidator(t *testing.T) {
	var v awsquery.Validator
	v.Len("userName", "", 1, 64)
	err := v.Err()
	var f *awsquery.Fault
	if !errors.As(err, &f) || f.Code != "ValidationError" || !strings.Contains(f.Message, "at 'userName'") {
		t.Fatalf("Err() = %v", err)
	}
	var ok awsquery.Validator
	if ok.Err() != nil {
		t.Fatal("empty validator failed")
	}
}
