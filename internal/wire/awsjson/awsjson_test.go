package awsjson_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

func TestValidator_Messages(t *testing.T) {
	var v awsjson.Validator
	v.Len("name", "", 1, 10)
	n := int64(11)
	v.Range("maxResults", &n, 1, 10)
	v.Enum("type", "Nope", "String", "SecureString")
	v.SecretLen("value", 70000, 0, 65536)
	err := v.Err()
	var f *awsjson.Fault
	if !errors.As(err, &f) || f.Code != "ValidationException" || f.Status != 400 {
		t.Fatalf("Err() = %v", err)
	}
	for _, want := range []string{"4 validation errors detected", "Value '' at 'name'", "less than or equal to 10", "enum value set: [String, SecureString]", "Value at 'value'"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q lacks %q", f.Message, want)
		}
	}
	var ok awsjson.Validator
	ok.Len("name", "x", 1, 10)
	if ok.Err() != nil {
		t.Fatal("valid input reported")
	}
}

func TestDecode(t *testing.T) {
	var in struct {
		Name string `json:"Name"`
		Max  *int64 `json:"MaxResults"`
	}
	cases := map[string]string{
		"not_json":   `{"Name":`,
		"wrong_type": `{"Name": 5}`,
		"int_string": `{"MaxResults": "ten"}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			err := awsjson.Decode([]byte(body), &in)
			var f *awsjson.Fault
			if !errors.As(err, &f) || f.Code != "SerializationException" || f.Status != 400 {
				t.Fatalf("Decode(%s) = %v", body, err)
			}
		})
	}
	if err := awsjson.Decode([]byte(`{"Name":"a","Unknown":{"x":1}}`), &in); err != nil || in.Name != "a" {
		t.Fatalf("unknown members must be ignored: %v", err)
	}
	if err := awsjson.Decode(nil, &in); err != nil {
		t.Fatalf("empty body: %v", err)
	}
}

func TestTime_EpochSeconds(t *testing.T) {
	ts := awsjson.Time(time.Date(2026, 1, 2, 3, 4, 5, 678e6, time.UTC))
	b, _ := json.Marshal(ts)
	if string(b) != "1767323045.678" {
		t.Fatalf("Time = %s", b)
	}
	var back awsjson.Time
	if err := json.Unmarshal(b, &back); err != nil || !time.Time(back).Equal(time.Time(ts)) {
		t.Fatalf("round trip = %v, %v", time.Time(back), err)
	}
	if awsjson.TimePtr(time.Time{}) != nil {
		t.Fatal("zero time must be omitted")
	}
}

func TestService_Dispatch(t *testing.T) {
	s := &awsjson.Service{
		ContentType: "application/x-amz-json-1.1",
		Ops: map[string]awsjson.Op{
			"Echo": awsjson.Handler(func(_ context.Context, in *struct{ V string }) (*struct{ V string }, error) {
				if in.V == "boom" {
					return nil, arca.Internal(errors.New("disk on fire: secret-xyz"))
				}
				return &struct{ V string }{in.V}, nil
			}),
		},
	}
	cases := []struct{ op, body, status, contains string }{
		{"Echo", `{"V":"hi"}`, "200", `{"V":"hi"}`},
		{"Nope", `{}`, "400", `"__type":"UnknownOperationException"`},
		{"Echo", `{"V":"boom"}`, "500", `"__type":"InternalFailure"`},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		s.Handle(context.Background(), rec, c.op, []byte(c.body))
		if got := rec.Result().Status; !strings.HasPrefix(got, c.status) || !strings.Contains(rec.Body.String(), c.contains) {
			t.Errorf("%s %s: %s %s", c.op, c.body, got, rec.Body)
		}
		if strings.Contains(rec.Body.String(), "secret-xyz") {
			t.Errorf("internal cause leaked: %s", rec.Body)
		}
	}
}

// appended is an answer that encodes itself (awsjson.Appender).
type appended struct{ v string }

func (a *appended) AppendJSON(b []byte) []byte {
	return append(awsjson.AppendString(append(b, `{"V":`...), a.v), '}')
}

// TestService_Appender: an Appender answer is written as it appends
// itself, whether it fits the pooled buffer or outgrows it.
func TestService_Appender(t *testing.T) {
	s := &awsjson.Service{
		ContentType: "application/x-amz-json-1.1",
		Ops: map[string]awsjson.Op{
			"Echo": awsjson.Handler(func(_ context.Context, in *struct{ V string }) (*appended, error) {
				return &appended{in.V}, nil
			}),
		},
	}
	for _, v := range []string{"hi <there>", strings.Repeat("x", 200_000), "again"} {
		body, _ := json.Marshal(struct{ V string }{v})
		rec := httptest.NewRecorder()
		s.Handle(context.Background(), rec, "Echo", body)
		if rec.Code != 200 || rec.Body.String() != string(body) {
			t.Fatalf("answer %d %.80s, want %.80s", rec.Code, rec.Body, body)
		}
		if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
			t.Fatalf("Content-Length %s, want %d", got, len(body))
		}
	}
}
