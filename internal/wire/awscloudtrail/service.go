package awscloudtrail

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// TargetPrefix is CloudTrail's X-Amz-Target prefix as the model names it
// (the aws CLI sends it); ShortTargetPrefix is the form aws-sdk-go-v2
// sends. Both name the same dialect.
const (
	TargetPrefix      = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
	ShortTargetPrefix = "CloudTrail_20131101"
)

// Query is one lookup: at most one attribute filter, a time window
// (inclusive; zero means open), a page size and the token of a previous
// page.
type Query struct {
	Attribute, Value string
	Start, End       time.Time
	Max              int
	Token            string
}

// Found is one event found: the event, its record as written (the
// CloudTrailEvent string) and the user name CloudTrail shows for it.
type Found struct {
	Event    *audit.Event
	Raw      []byte
	Username string
}

// Page is one page of a lookup, newest first; Next is "" on the last.
type Page struct {
	Events []Found
	Next   string
}

// Lookup runs a query against the audit log. It returns EInvalid for a
// token it did not issue, EUnavailable when the log cannot answer.
type Lookup func(ctx context.Context, q Query) (*Page, error)

// Authorize decides an action ("cloudtrail:LookupEvents") on a resource
// for the caller in ctx; nil means allowed.
type Authorize func(ctx context.Context, action, resource string) error

// New returns the CloudTrail dialect over lookup.
func New(lookup Lookup, authorize Authorize, log *slog.Logger) *awsjson.Service {
	h := &handler{lookup: lookup, authorize: authorize}
	return &awsjson.Service{
		SigningName:  "cloudtrail",
		TargetPrefix: TargetPrefix,
		ContentType:  "application/x-amz-json-1.1",
		Errors:       mapError,
		Log:          log,
		Ops: map[string]awsjson.Op{
			"LookupEvents": awsjson.Handler(h.lookupEvents),
		},
	}
}

type handler struct {
	lookup    Lookup
	authorize Authorize
}

// mapError maps core errors; the shared codes go to awsjson.Default.
func mapError(err error) *awsjson.Fault {
	if arca.ErrorCode(err) == arca.EDenied {
		return &awsjson.Fault{Status: http.StatusBadRequest, Code: "AccessDeniedException", Message: arca.ErrorMessage(err)}
	}
	return nil
}
