package awscloudtrail_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/wire/awscloudtrail"
)

func serve(t *testing.T, lookup awscloudtrail.Lookup, body string) (int, map[string]any) {
	t.Helper()
	svc := awscloudtrail.New(lookup, func(context.Context, string, string) error { return nil }, nil)
	w := httptest.NewRecorder()
	svc.Handle(context.Background(), w, "LookupEvents", []byte(body))
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("body %s: %v", w.Body, err)
	}
	return w.Code, out
}

func TestLookupEvents(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var got awscloudtrail.Query
	lookup := func(_ context.Context, q awscloudtrail.Query) (*awscloudtrail.Page, error) {
		got = q
		if q.Token == "bad" {
			return nil, arca.Errorf(arca.EInvalid, "token from another query")
		}
		ev := &audit.Event{EventID: "e1", EventName: "GetSecretValue", EventTime: at, EventSource: "secretsmanager.amazonaws.com", ReadOnly: true,
			UserIdentity: audit.Identity{Type: "IAMUser", UserName: "bob", AccessKeyID: "AKIAEXAMPLE"},
			Resources:    []audit.Resource{{ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf", Type: "AWS::SecretsManager::Secret"}}}
		return &awscloudtrail.Page{Events: []awscloudtrail.Found{{Event: ev, Raw: []byte(`{"eventID":"e1"}`)}}, Next: "n2"}, nil
	}
	code, out := serve(t, lookup, `{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"GetSecretValue"}],"StartTime":1767225600,"EndTime":1767312000.5,"MaxResults":10}`)
	if code != 200 || got.Attribute != "EventName" || got.Value != "GetSecretValue" || got.Max != 10 || !got.Start.Equal(time.Unix(1767225600, 0)) || !got.End.Equal(time.UnixMilli(1767312000500)) {
		t.Fatalf("status %d, query %+v", code, got)
	}
	ev := out["Events"].([]any)[0].(map[string]any)
	if ev["EventId"] != "e1" || ev["ReadOnly"] != "true" || ev["Username"] != "bob" || ev["AccessKeyId"] != "AKIAEXAMPLE" ||
		ev["EventTime"] != float64(at.Unix()) || ev["CloudTrailEvent"] != `{"eventID":"e1"}` || out["NextToken"] != "n2" {
		t.Fatalf("event %v", out)
	}
	res := ev["Resources"].([]any)[0].(map[string]any)
	if res["ResourceType"] != "AWS::SecretsManager::Secret" || !strings.HasPrefix(res["ResourceName"].(string), "arn:aws:secretsmanager:") {
		t.Fatalf("resources %v", res)
	}

	for body, want := range map[string]string{
		`{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"},{"AttributeKey":"Username","AttributeValue":"b"}]}`: "InvalidLookupAttributesException",
		`{"LookupAttributes":[{"AttributeKey":"Colour","AttributeValue":"red"}]}`:                                                   "InvalidLookupAttributesException",
		`{"LookupAttributes":[{"AttributeKey":"EventName"}]}`:                                                                       "InvalidLookupAttributesException",
		`{"StartTime":1767312000,"EndTime":1767225600}`:                                                                             "InvalidTimeRangeException",
		`{"MaxResults":0}`:         "InvalidMaxResultsException",
		`{"MaxResults":51}`:        "InvalidMaxResultsException",
		`{"NextToken":"bad"}`:      "InvalidNextTokenException",
		`{"EventCategory":"data"}`: "InvalidEventCategoryException",
		`{"MaxResults":"ten"}`:     "SerializationException",
	} {
		code, out := serve(t, lookup, body)
		if code != 400 || out["__type"] != want {
			t.Errorf("%s: %d %v, want %s", body, code, out, want)
		}
	}
}

func TestLookupEvents_Denied(t *testing.T) {
	svc := awscloudtrail.New(nil, func(context.Context, string, string) error {
		return arca.Errorf(arca.EDenied, "User: arn:aws:iam::000000000000:user/x is not authorized to perform: cloudtrail:LookupEvents")
	}, nil)
	w := httptest.NewRecorder()
	svc.Handle(context.Background(), w, "LookupEvents", []byte(`{}`))
	if w.Code != 400 || !strings.Contains(w.Body.String(), "AccessDeniedException") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}
