package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/arca-vault/arca"
)

// Query is a CloudTrail LookupEvents request.
type Query struct {
	Attribute  string    // "", "EventName", "Username", "ResourceName", "ResourceType", "EventId", "AccessKeyId", "ReadOnly", "EventSource"
	Value      string    // the attribute's value (exact match)
	Start, End time.Time // zero = unbounded; compared with the time each record was appended
	Max        int       // 1..50, default 50
	Token      string    // from Page.Next; bound to the query
}

// Page is one page of Lookup's answer.
type Page struct {
	Events []Found
	Next   string // "" on the last page
}

// Found is one event in a Page.
type Found struct {
	Event    *Event
	Raw      []byte // the event's JSON exactly as stored (CloudTrailEvent)
	Username string // CloudTrail's Username: userIdentity.userName, the session name for AssumedRole, "root" for Root
	Intent   bool   // an intent without its event: the request was about to change something, and its outcome was never recorded
}

// MaxLookup is the largest page Lookup returns.
const MaxLookup = 50

// lookupBlock is how many records Lookup reads at a time, walking back.
const lookupBlock = 256

// intentReach bounds how far after an intent Lookup looks for its event:
// requests end within seconds, and the records of a few seconds are far
// fewer than this even under load.
const intentReach = 8192

var lookupAttributes = map[string]bool{"": true, "EventName": true, "Username": true, "ResourceName": true, "ResourceType": true, "EventId": true, "AccessKeyId": true, "ReadOnly": true, "EventSource": true}

// Lookup answers CloudTrail LookupEvents: events newest first, filtered by
// at most one attribute and a time window. It reads only the records in the
// window. Errors: arca.EInvalid for an unknown attribute, a Max out of
// range or a token from another query; arca.EUnavailable when the sink
// fails.
func (l *Log) Lookup(ctx context.Context, q Query) (*Page, error) {
	return Lookup(ctx, l.sink, q)
}

// Lookup is Log.Lookup over any Source (an exported or read-only log).
func Lookup(ctx context.Context, src Source, q Query) (*Page, error) {
	if !lookupAttributes[q.Attribute] {
		return nil, arca.Errorf(arca.EInvalid, "unknown lookup attribute %q", q.Attribute)
	}
	if q.Attribute != "" && q.Value == "" {
		return nil, arca.Errorf(arca.EInvalid, "lookup attribute %s needs a value", q.Attribute)
	}
	if q.Attribute == "ReadOnly" && q.Value != "true" && q.Value != "false" {
		return nil, arca.Errorf(arca.EInvalid, "lookup attribute ReadOnly takes true or false")
	}
	switch {
	case q.Max == 0:
		q.Max = MaxLookup
	case q.Max < 1 || q.Max > MaxLookup:
		return nil, arca.Errorf(arca.EInvalid, "max results must be between 1 and %d", MaxLookup)
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.End.Before(q.Start) {
		return nil, arca.Errorf(arca.EInvalid, "end time is before start time")
	}
	unavailable := func(err error) error {
		return &arca.Error{Code: arca.EUnavailable, Message: "audit lookup: the log cannot be read", Err: err}
	}
	head, err := src.Head(ctx)
	if err != nil {
		return nil, unavailable(err)
	}
	lo, hi := uint64(1), head.Seq
	if !q.Start.IsZero() {
		if lo, err = src.Locate(ctx, q.Start); err != nil {
			return nil, unavailable(err)
		}
	}
	if !q.End.IsZero() {
		s, err := src.Locate(ctx, q.End.Add(time.Nanosecond))
		if err != nil {
			return nil, unavailable(err)
		}
		hi = min(hi, s-1)
	}
	qh := queryHash(q)
	if q.Token != "" {
		t, ok := parseToken(q.Token, qh)
		if !ok {
			return nil, arca.Errorf(arca.EInvalid, "the next token does not belong to this query")
		}
		hi = min(hi, t)
	}
	m := newMatcher(q)
	page := &Page{}
	seen := map[string]bool{} // matching events met so far: their intents are not open
	var hits []Found
	for hi >= lo && hi > 0 && len(page.Events) < q.Max {
		from := lo
		if hi-lo >= lookupBlock {
			from = hi - lookupBlock + 1
		}
		hits = hits[:0]
		var seqs []uint64
		err := src.Scan(ctx, from, hi, func(r *Record) error {
			if (r.Kind != KindEvent && r.Kind != KindIntent) || !m.maybe(r.Payload) {
				return nil
			}
			f, ok, err := m.match(r)
			if err != nil || !ok {
				return err
			}
			if r.Kind == KindEvent {
				seen[r.ID] = true
			}
			hits = append(hits, f)
			seqs = append(seqs, r.Seq)
			return nil
		})
		if err != nil {
			return nil, unavailable(err)
		}
		for i := len(hits) - 1; i >= 0; i-- {
			f := hits[i]
			if f.Intent {
				if seen[f.Event.EventID] {
					continue
				}
				done, err := hasEvent(ctx, src, f.Event.EventID, seqs[i], head.Seq)
				if err != nil {
					return nil, unavailable(err)
				}
				if done {
					continue
				}
			}
			page.Events = append(page.Events, f)
			if len(page.Events) == q.Max {
				if seqs[i] > lo {
					page.Next = makeToken(qh, seqs[i]-1)
				}
				return page, nil
			}
		}
		if from <= lo {
			break
		}
		hi = from - 1
	}
	return page, nil
}

// hasEvent reports whether an event with id follows the intent at seq.
func hasEvent(ctx context.Context, src Source, id string, seq, last uint64) (bool, error) {
	from := seq + 1
	to := min(last, seq+intentReach)
	if from > to {
		return false, nil
	}
	found := false
	err := src.Scan(ctx, from, to, func(r *Record) error {
		if r.Kind == KindEvent && r.ID == id {
			found = true
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, err
	}
	return found, nil
}

func queryHash(q Query) []byte {
	h := sha256.New()
	for _, s := range []string{q.Attribute, q.Value, q.Start.UTC().Format(time.RFC3339Nano), q.End.UTC().Format(time.RFC3339Nano)} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	return h.Sum(nil)[:8]
}

// A token is the query's hash and the position to continue below.
func makeToken(qh []byte, hi uint64) string {
	b := binary.BigEndian.AppendUint64(append([]byte(nil), qh...), hi)
	return base64.RawURLEncoding.EncodeToString(b)
}

func parseToken(tok string, qh []byte) (uint64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != 16 || !bytes.Equal(b[:8], qh) {
		return 0, false
	}
	return binary.BigEndian.Uint64(b[8:]), true
}

// matcher tests records against a query.
type matcher struct {
	q      Query
	needle []byte // bytes the JSON must contain, when that is a safe test
}

func newMatcher(q Query) *matcher {
	m := &matcher{q: q}
	if q.Attribute != "" && q.Attribute != "ReadOnly" && q.Attribute != "Username" && plainJSON(q.Value) {
		m.needle = []byte(q.Value)
		if q.Attribute == "ResourceName" {
			// A name may match the middle of an ARN only.
			m.needle = []byte(strings.TrimPrefix(q.Value, "/"))
		}
	}
	return m
}

// plainJSON reports whether json.Marshal writes s unchanged.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// maybe is a fast pre-test: false means the record cannot match.
func (m *matcher) maybe(payload []byte) bool {
	return m.needle == nil || bytes.Contains(payload, m.needle)
}

func (m *matcher) match(r *Record) (Found, bool, error) {
	ev := new(Event)
	if err := json.Unmarshal(r.Payload, ev); err != nil {
		// A record that does not decode is still evidence; Verify judges
		// the chain. Skip it here.
		return Found{}, false, nil
	}
	f := Found{Event: ev, Username: Username(ev), Intent: r.Kind == KindIntent}
	v := m.q.Value
	ok := true
	switch m.q.Attribute {
	case "EventName":
		ok = ev.EventName == v
	case "Username":
		ok = f.Username == v
	case "ResourceName":
		ok = slices.ContainsFunc(ev.Resources, func(res Resource) bool { return resourceNamed(res.ARN, v) })
	case "ResourceType":
		ok = slices.ContainsFunc(ev.Resources, func(res Resource) bool { return res.Type == v })
	case "EventId":
		ok = ev.EventID == v
	case "AccessKeyId":
		ok = ev.UserIdentity.AccessKeyID == v
	case "ReadOnly":
		ok = ev.ReadOnly == (v == "true")
	case "EventSource":
		ok = ev.EventSource == v
	}
	if ok {
		f.Raw = bytes.Clone(r.Payload)
	}
	return f, ok, nil
}

// Username is CloudTrail's Username column for ev: the IAM user's name,
// the session name of an assumed role, "root" for the root user.
func Username(ev *Event) string {
	id := ev.UserIdentity
	switch id.Type {
	case "Root":
		return "root"
	case "AssumedRole":
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
			return id.ARN[i+1:]
		}
	}
	return id.UserName
}

// resourceNamed reports whether the resource arn is the one name names: the
// whole ARN, its resource part ("secret:db-AbCdEf", "parameter/app/x"),
// the name in it ("db", "/app/x", "app/x"), or a secret's name without
// the random suffix.
func resourceNamed(arn, name string) bool {
	if arn == name {
		return true
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return false
	}
	res := parts[5]
	if res == name {
		return true
	}
	short := res
	if i := strings.IndexAny(res, ":/"); i >= 0 {
		short = res[i+1:]
	}
	if short == name || short == strings.TrimPrefix(name, "/") {
		return true
	}
	// Secrets Manager ARNs end in "-" and six random characters.
	if parts[2] == "secretsmanager" && len(short) > 7 && short[len(short)-7] == '-' {
		return short[:len(short)-7] == name
	}
	return false
}
