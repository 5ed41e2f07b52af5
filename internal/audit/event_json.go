package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/arca-vault/arca/internal/jsonstr"
)

// AppendJSON appends e's JSON encoding to b: the same bytes json.Marshal
// writes for it (field order, omitempty, HTML-safe string escaping,
// compacted raw members), without reflection, since every request of
// every dialect encodes one event (FuzzEventJSON compares the two). It
// fails as json.Marshal does: on a raw member that is not valid JSON, or a
// time outside years 0-9999 or with a zone offset of 24 hours or more.
func (e *Event) AppendJSON(b []byte) ([]byte, error) {
	var err error
	b = append(b, `{"eventVersion":`...)
	b = appendString(b, e.EventVersion)
	b = append(b, `,"userIdentity":`...)
	if b, err = e.UserIdentity.appendJSON(b); err != nil {
		return b, err
	}
	b = append(b, `,"eventTime":`...)
	if b, err = appendTime(b, e.EventTime); err != nil {
		return b, err
	}
	b = appendMember(b, "eventSource", e.EventSource)
	b = appendMember(b, "eventName", e.EventName)
	b = appendMember(b, "awsRegion", e.AWSRegion)
	b = appendMember(b, "sourceIPAddress", e.SourceIPAddress)
	b = appendMember(b, "userAgent", e.UserAgent)
	b = appendOmitEmpty(b, "errorCode", e.ErrorCode)
	b = appendOmitEmpty(b, "errorMessage", e.ErrorMessage)
	b = append(b, `,"requestParameters":`...)
	if b, err = appendRaw(b, e.RequestParameters); err != nil {
		return b, err
	}
	b = append(b, `,"responseElements":`...)
	if b, err = appendRaw(b, e.ResponseElements); err != nil {
		return b, err
	}
	if a := e.AdditionalEventData; a != nil {
		b = append(b, `,"additionalEventData":{`...)
		if a.Decision != "" {
			b = append(b, `"decision":`...)
			b = appendString(b, a.Decision)
		}
		b = append(b, '}')
	}
	b = appendMember(b, "requestID", e.RequestID)
	b = appendMember(b, "eventID", e.EventID)
	b = append(b, `,"readOnly":`...)
	b = strconv.AppendBool(b, e.ReadOnly)
	if len(e.Resources) > 0 {
		b = append(b, `,"resources":[`...)
		for i, r := range e.Resources {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"ARN":`...)
			b = appendString(b, r.ARN)
			b = appendOmitEmpty(b, "accountId", r.AccountID)
			b = appendOmitEmpty(b, "type", r.Type)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendMember(b, "eventType", e.EventType)
	b = append(b, `,"managementEvent":`...)
	b = strconv.AppendBool(b, e.ManagementEvent)
	b = appendMember(b, "recipientAccountId", e.RecipientAccountID)
	b = appendMember(b, "eventCategory", e.EventCategory)
	return append(b, '}'), nil
}

func (id *Identity) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"type":`...)
	b = appendString(b, id.Type)
	b = appendOmitEmpty(b, "principalId", id.PrincipalID)
	b = appendOmitEmpty(b, "arn", id.ARN)
	b = appendOmitEmpty(b, "accountId", id.AccountID)
	b = appendOmitEmpty(b, "accessKeyId", id.AccessKeyID)
	b = appendOmitEmpty(b, "userName", id.UserName)
	b = appendOmitEmpty(b, "invokedBy", id.InvokedBy)
	if sc := id.SessionContext; sc != nil {
		b = append(b, `,"sessionContext":{`...)
		if si := sc.SessionIssuer; si != nil {
			b = append(b, `"sessionIssuer":{"type":`...)
			b = appendString(b, si.Type)
			b = appendOmitEmpty(b, "principalId", si.PrincipalID)
			b = appendOmitEmpty(b, "arn", si.ARN)
			b = appendOmitEmpty(b, "accountId", si.AccountID)
			b = appendOmitEmpty(b, "userName", si.UserName)
			b = append(b, "},"...)
		}
		b = append(b, `"attributes":{"creationDate":`...)
		var err error
		if b, err = appendTime(b, sc.Attributes.CreationDate); err != nil {
			return b, err
		}
		b = appendMember(b, "mfaAuthenticated", sc.Attributes.MFAAuthenticated)
		b = append(b, "}}"...)
	}
	return append(b, '}'), nil
}

// appendMember appends ,"name":"value"; name needs no escaping.
func appendMember(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

// appendOmitEmpty is appendMember for an omitempty member.
func appendOmitEmpty(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return appendMember(b, name, value)
}

// errTimeRange and errZoneRange are json.Marshal's refusals of a time it
// cannot write as RFC 3339.
var (
	errTimeRange = errors.New("audit: event time outside years 0-9999")
	errZoneRange = errors.New("audit: event time zone offset outside -23:59 to +23:59")
)

// appendTime writes t as time.Time.MarshalJSON does, refusing what it
// refuses: a year of other than four digits, or a zone offset of 24 hours
// or more (RFC 3339 has two digits for its hours).
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, errTimeRange
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return b, errZoneRange
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendRaw writes a raw member as json.Marshal writes a RawMessage:
// null when nil (an empty, non-nil one is not JSON), else compacted, with
// <, >, & and U+2028/U+2029 escaped (they can occur only inside strings).
func appendRaw(b []byte, raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return append(b, "null"...), nil
	}
	// Compact straight into b's spare capacity (submit sizes b for the raw
	// members): no copy of its own per member.
	start := len(b)
	buf := bytes.NewBuffer(b)
	if err := json.Compact(buf, raw); err != nil {
		return b, err
	}
	b = buf.Bytes()
	i := start
	for i < len(b) && !needsEscape(b, i) {
		i++
	}
	if i == len(b) {
		return b, nil // the usual case: redacted members are escaped already
	}
	tail := append([]byte(nil), b[i:]...)
	b = b[:i]
	for j := 0; j < len(tail); j++ {
		switch c := tail[j]; {
		case !needsEscape(tail, j):
			b = append(b, c)
		case c == 0xe2:
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[tail[j+2]&0xf])
			j += 2
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
	}
	return b, nil
}

// needsEscape reports whether b[i] starts a character json.Marshal
// escapes in raw members: <, >, &, or U+2028/U+2029 (E2 80 A8/A9).
func needsEscape(b []byte, i int) bool {
	switch b[i] {
	case '<', '>', '&':
		return true
	case 0xe2:
		return i+2 < len(b) && b[i+1] == 0x80 && b[i+2]&^1 == 0xa8
	}
	return false
}

const hexDigits = "0123456789abcdef"

func appendString(b []byte, s string) []byte { return jsonstr.Append(b, s) }
