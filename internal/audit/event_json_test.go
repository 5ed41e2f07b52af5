package audit_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/arca-vault/arca/internal/audit"
)

func eventCases() []*audit.Event {
	t0 := time.Date(2026, 11, 22, 9, 0, 0, 123456789, time.UTC)
	full := &audit.Event{
		EventVersion: audit.EventVersion,
		UserIdentity: audit.Identity{Type: "AssumedRole", PrincipalID: "AROA:s", ARN: "arn:aws:sts::1:assumed-role/r/s", AccountID: "1", AccessKeyID: "ASIA", UserName: "u", InvokedBy: "x",
			SessionContext: &audit.SessionContext{SessionIssuer: &audit.SessionIssuer{Type: "Role", PrincipalID: "AROA", ARN: "arn", AccountID: "1", UserName: "r"},
				Attributes: audit.SessionAttribute{CreationDate: t0, MFAAuthenticated: "false"}}},
		EventTime: t0, EventSource: "ssm.amazonaws.com", EventName: "GetParameter", AWSRegion: "us-east-1",
		SourceIPAddress: "127.0.0.1", UserAgent: "aws-sdk-go-v2/1.0 <script>&\u2028\u2029\x00\x1f\t\n\r\b\f\"\\ é 😀 \xff\xfe",
		ErrorCode: "AccessDenied", ErrorMessage: "nope <b>",
		RequestParameters:   json.RawMessage(" {\"name\" : \"/a<b>&\u2028\", \"n\": [1, 2.5e3, true, null]} "),
		ResponseElements:    json.RawMessage(`{}`),
		AdditionalEventData: &audit.Additional{Decision: "Allow"},
		RequestID:           "rid", EventID: "eid", ReadOnly: true,
		Resources: []audit.Resource{{ARN: "arn:1", AccountID: "1", Type: "AWS::SSM::Parameter"}, {ARN: "arn:2"}},
		EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: "1", EventCategory: "Management",
	}
	return []*audit.Event{
		{},
		full,
		{UserIdentity: audit.Identity{SessionContext: &audit.SessionContext{}}, AdditionalEventData: &audit.Additional{}, Resources: []audit.Resource{}},
		{EventTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)), RequestParameters: json.RawMessage(`null`)},
		{EventTime: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", -(23*3600+59*60+59)))},
		{EventTime: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", 30))}, // seconds of an offset are not written
		// json.Marshal refuses these: AppendJSON must too.
		{EventTime: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", 24*3600))},
		{EventTime: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", -100*3600))},
		{EventTime: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{EventTime: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{RequestParameters: json.RawMessage{}},
		{ResponseElements: json.RawMessage(`{"a":}`)},
		{UserIdentity: audit.Identity{SessionContext: &audit.SessionContext{Attributes: audit.SessionAttribute{CreationDate: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}},
	}
}

// TestEvent_AppendJSON: the hand-written encoder writes exactly what
// json.Marshal writes.
func TestEvent_AppendJSON(t *testing.T) {
	for i, ev := range eventCases() {
		compare(t, i, ev)
	}
}

func compare(t *testing.T, i int, ev *audit.Event) {
	t.Helper()
	want, werr := json.Marshal(ev)
	got, gerr := ev.AppendJSON(nil)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("case %d: json.Marshal error %v, AppendJSON error %v", i, werr, gerr)
	}
	if werr != nil {
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
	}
	roundTrip(t, i, ev, got)
}

// roundTrip checks that enc, ev's encoding, decodes to ev again: the same
// time, strings as written when they are valid UTF-8 (invalid
// bytes become U+FFFD), raw members as compacted; and that the decoded
// event encodes to what json.Marshal writes for it.
func roundTrip(t *testing.T, i int, ev *audit.Event, enc []byte) {
	t.Helper()
	var back audit.Event
	if err := json.Unmarshal(enc, &back); err != nil {
		t.Fatalf("case %d: %s does not decode: %v", i, enc, err)
	}
	// RFC 3339 drops the seconds of a zone offset: compare with the time
	// its text stands for.
	if wantTime, _ := time.Parse(time.RFC3339Nano, ev.EventTime.Format(time.RFC3339Nano)); !back.EventTime.Equal(wantTime) {
		t.Fatalf("case %d: eventTime %v, decoded %v", i, ev.EventTime, back.EventTime)
	}
	for _, s := range [][2]string{{ev.UserAgent, back.UserAgent}, {ev.ErrorMessage, back.ErrorMessage}, {ev.UserIdentity.UserName, back.UserIdentity.UserName}} {
		if utf8.ValidString(s[0]) && s[0] != s[1] {
			t.Fatalf("case %d: %q decoded as %q", i, s[0], s[1])
		}
	}
	if len(back.Resources) != len(ev.Resources) || (back.UserIdentity.SessionContext == nil) != (ev.UserIdentity.SessionContext == nil) {
		t.Fatalf("case %d: %s decoded as %+v", i, enc, back)
	}
	again, err := back.AppendJSON(nil)
	want, _ := json.Marshal(&back)
	if err != nil || !bytes.Equal(again, want) {
		t.Fatalf("case %d: the decoded event encodes as %s (%v), json.Marshal %s", i, again, err, want)
	}
}

// FuzzEventJSON compares AppendJSON with json.Marshal on events built from
// arbitrary strings and raw members.
func FuzzEventJSON(f *testing.F) {
	f.Add("ua", "msg", []byte(`{"a":1}`), []byte(``), int64(0), true)
	f.Add("<>&\u2028", "\xff", []byte(` [ "x" , {"<":">"} ] `), []byte(`{`), int64(1<<40), false)
	f.Add("\x00\x7f", "é", []byte(`"\u003c"`), []byte(`nul`), int64(-62135596800), true)
	f.Add("", "", []byte(`null`), []byte(nil), int64(253402300800), false)
	f.Fuzz(func(t *testing.T, s1, s2 string, raw1, raw2 []byte, unix int64, flag bool) {
		ev := eventCases()[1]
		ev.UserAgent, ev.ErrorMessage, ev.UserIdentity.UserName = s1, s2, s2
		ev.RequestParameters, ev.ResponseElements = raw1, raw2
		// The offset ranges over ±~28 h, so across json.Marshal's ±24 h limit.
		ev.EventTime = time.Unix(unix, unix%1e9).In(time.FixedZone("", int(unix%100000)))
		ev.ReadOnly = flag
		if flag {
			ev.Resources = append(ev.Resources, audit.Resource{ARN: s1, Type: s2})
			ev.AdditionalEventData = &audit.Additional{Decision: s1}
		}
		compare(t, 0, ev)
	})
}

func BenchmarkEventJSON(b *testing.B) {
	ev := eventCases()[1]
	ev.UserAgent = "aws-sdk-go-v2/1.36.3 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/ssm#1.81.4"
	ev.RequestParameters = json.RawMessage(`{"name":"/bench/p/00042","withDecryption":true}`)
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 4096)
		for b.Loop() {
			buf, _ = ev.AppendJSON(buf[:0])
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = json.Marshal(ev)
		}
	})
}
