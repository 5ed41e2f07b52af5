package awsquery

import (
	"encoding/xml"
	"time"
)

// Time is a timestamp as the Query protocol encodes them: ISO 8601 in UTC
// with second precision (2026-01-02T03:04:05Z).
type Time time.Time

// MarshalText implements encoding.TextMarshaler.
func (t Time) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05Z")), nil
}

// TimePtr returns a *Time for t, or nil for the zero time, so that absent
// timestamps are omitted.
func TimePtr(t time.Time) *Time {
	if t.IsZero() {
		return nil
	}
	v := Time(t)
	return &v
}

// List is a Query member list: <Name><member>…</member>…</Name>. It is
// written even when empty (<Name></Name>), so that clients see an empty
// list rather than a missing one; add `xml:",omitempty"` to omit it.
type List[T any] []T

// MarshalXML implements xml.Marshaler.
func (l List[T]) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	member := xml.StartElement{Name: xml.Name{Local: "member"}}
	for _, v := range l {
		if err := e.EncodeElement(v, member); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}
