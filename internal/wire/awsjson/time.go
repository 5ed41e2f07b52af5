package awsjson

import (
	"strconv"
	"time"
)

// Time is a timestamp encoded as the AWS JSON protocol encodes them: epoch
// seconds as a number with millisecond precision.
type Time time.Time

// MarshalJSON implements json.Marshaler.
func (t Time) MarshalJSON() ([]byte, error) {
	return AppendTime(nil, t), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*t = Time(time.UnixMilli(int64(f * 1000)).UTC())
	return nil
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

// AppendTime appends t as its MarshalJSON writes it.
func AppendTime(b []byte, t Time) []byte {
	return strconv.AppendFloat(b, float64(time.Time(t).UnixMilli())/1000, 'f', -1, 64)
}
