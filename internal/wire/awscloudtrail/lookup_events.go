package awscloudtrail

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

type lookupEventsInput struct {
	LookupAttributes []struct {
		AttributeKey   *string
		AttributeValue *string
	}
	StartTime     *awsjson.Time
	EndTime       *awsjson.Time
	EventCategory string
	MaxResults    *int
	NextToken     string
}

type lookupEventsOutput struct {
	Events    []event `json:"Events"`
	NextToken string  `json:"NextToken,omitempty"`
}

type event struct {
	EventID         string       `json:"EventId"`
	EventName       string       `json:"EventName"`
	ReadOnly        string       `json:"ReadOnly"`
	AccessKeyID     string       `json:"AccessKeyId,omitempty"`
	EventTime       awsjson.Time `json:"EventTime"`
	EventSource     string       `json:"EventSource"`
	Username        string       `json:"Username,omitempty"`
	Resources       []resource   `json:"Resources"`
	CloudTrailEvent string       `json:"CloudTrailEvent"`
}

type resource struct {
	ResourceType string `json:"ResourceType,omitempty"`
	ResourceName string `json:"ResourceName,omitempty"`
}

// attributeKeys are the LookupAttributes keys CloudTrail accepts.
var attributeKeys = map[string]bool{
	"EventId": true, "EventName": true, "ReadOnly": true, "Username": true,
	"ResourceType": true, "ResourceName": true, "EventSource": true, "AccessKeyId": true,
}

func fault(code, msg string) *awsjson.Fault {
	return &awsjson.Fault{Status: http.StatusBadRequest, Code: code, Message: msg}
}

func (h *handler) lookupEvents(ctx context.Context, in *lookupEventsInput) (*lookupEventsOutput, error) {
	if err := h.authorize(ctx, "cloudtrail:LookupEvents", "*"); err != nil {
		return nil, err
	}
	var q Query
	switch len(in.LookupAttributes) {
	case 0:
	case 1:
		a := in.LookupAttributes[0]
		if a.AttributeKey == nil || a.AttributeValue == nil {
			return nil, fault("InvalidLookupAttributesException", "A lookup attribute needs both AttributeKey and AttributeValue.")
		}
		if !attributeKeys[*a.AttributeKey] {
			return nil, fault("InvalidLookupAttributesException", "Invalid attribute key: "+strconv.Quote(*a.AttributeKey)+".")
		}
		if n := len(*a.AttributeValue); n == 0 || n > 2000 {
			return nil, fault("InvalidLookupAttributesException", "The attribute value must be 1 to 2000 characters long.")
		}
		q.Attribute, q.Value = *a.AttributeKey, *a.AttributeValue
	default:
		return nil, fault("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
	}
	if in.EventCategory != "" && in.EventCategory != "insight" {
		return nil, fault("InvalidEventCategoryException", "Invalid event category: "+strconv.Quote(in.EventCategory)+".")
	}
	if in.EventCategory == "insight" {
		return &lookupEventsOutput{Events: []event{}}, nil // arca raises no Insights events
	}
	if in.StartTime != nil {
		q.Start = time.Time(*in.StartTime)
	}
	if in.EndTime != nil {
		q.End = time.Time(*in.EndTime)
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.Start.After(q.End) {
		return nil, fault("InvalidTimeRangeException", "Start time must be before end time.")
	}
	q.Max = 50
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 50 {
			return nil, fault("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")
		}
		q.Max = *in.MaxResults
	}
	q.Token = in.NextToken
	page, err := h.lookup(ctx, q)
	if err != nil {
		if arca.ErrorCode(err) == arca.EInvalid && q.Token != "" {
			return nil, fault("InvalidNextTokenException", "Invalid NextToken.")
		}
		return nil, err
	}
	out := &lookupEventsOutput{Events: make([]event, 0, len(page.Events)), NextToken: page.Next}
	for _, f := range page.Events {
		out.Events = append(out.Events, toEvent(f))
	}
	return out, nil
}

func toEvent(f Found) event {
	ev := f.Event
	if f.Username == "" {
		f.Username = Username(ev)
	}
	if len(f.Raw) == 0 {
		f.Raw, _ = json.Marshal(ev)
	}
	e := event{
		EventID: ev.EventID, EventName: ev.EventName, ReadOnly: strconv.FormatBool(ev.ReadOnly),
		AccessKeyID: ev.UserIdentity.AccessKeyID, EventTime: awsjson.Time(ev.EventTime),
		EventSource: ev.EventSource, Username: f.Username, Resources: []resource{},
		CloudTrailEvent: string(f.Raw),
	}
	for _, r := range ev.Resources {
		e.Resources = append(e.Resources, resource{ResourceType: r.Type, ResourceName: r.ARN})
	}
	return e
}

// Username is the user name CloudTrail shows for an event: the IAM user's
// name, "root", or a role session's name.
func Username(ev *audit.Event) string {
	id := ev.UserIdentity
	switch id.Type {
	case "IAMUser":
		return id.UserName
	case "Root":
		return "root"
	case "AssumedRole":
		if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
			return id.ARN[i+1:]
		}
	}
	return id.UserName
}
