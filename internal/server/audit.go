package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/sigv4"
	"github.com/google/uuid"
)

// auditLog is what the request pipelines need of the audit log
// (*audit.Log): a durable record before the answer, and an intent before a
// mutation runs.
type auditLog interface {
	Record(ctx context.Context, ev *audit.Event) error
	Intent(ctx context.Context, ev *audit.Event) error
	Healthy() error
}

// newEvent starts the audit event of a request: everything known before
// authentication.
func (s *Server) newEvent(r *http.Request, service, op, rid string) *audit.Event {
	ev := &audit.Event{
		EventVersion:       audit.EventVersion,
		UserIdentity:       audit.Identity{Type: "Unknown"},
		EventTime:          eventTime(s.cfg.Now()),
		EventSource:        service + ".amazonaws.com",
		EventName:          op,
		AWSRegion:          s.cfg.Region,
		SourceIPAddress:    sourceIP(r),
		UserAgent:          r.UserAgent(),
		RequestID:          rid,
		EventID:            uuid.NewString(),
		ReadOnly:           readOnly(service, op),
		EventType:          "AwsApiCall",
		ManagementEvent:    true,
		RecipientAccountID: s.cfg.Account,
		EventCategory:      "Management",
	}
	// An unauthenticated request still names the key it claimed, which is
	// what an investigation of a leaked key id looks for.
	if h := r.Header.Get("Authorization"); h != "" {
		if a, err := sigv4.ParseAuthorization(h); err == nil {
			ev.UserIdentity.AccessKeyID = a.AccessKeyID
		}
	} else if cred := r.URL.Query().Get("X-Amz-Credential"); cred != "" {
		ev.UserIdentity.AccessKeyID, _, _ = strings.Cut(cred, "/")
	}
	return ev
}

// eventTime is CloudTrail's eventTime: UTC, whole seconds
// ("2026-11-22T08:24:07Z"), as tools that parse CloudTrail expect. The
// record's own time in the chain keeps nanoseconds, and the chain keeps the
// order.
func eventTime(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// setCaller fills the event's identity and region from the authenticated
// caller.
func setCaller(ev *audit.Event, c *arca.Caller) {
	if c.Region != "" {
		ev.AWSRegion = c.Region
	}
	id := audit.Identity{Type: c.Type, PrincipalID: c.PrincipalID, ARN: c.ARN, AccountID: c.Account, AccessKeyID: c.AccessKeyID}
	switch c.Type {
	case identity.TypeIAMUser:
		id.UserName = c.UserName
	case identity.TypeAssumedRole:
		// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION; the issuer is the
		// role, its id the part of the principal id before the colon.
		role := ""
		if _, rest, ok := strings.Cut(c.ARN, ":assumed-role/"); ok {
			role, _, _ = strings.Cut(rest, "/")
		}
		roleID, _, _ := strings.Cut(c.PrincipalID, ":")
		id.SessionContext = &audit.SessionContext{
			SessionIssuer: &audit.SessionIssuer{Type: "Role", PrincipalID: roleID, ARN: arca.ARN("iam", "", c.Account, "role/"+role, true), AccountID: c.Account, UserName: role},
			Attributes:    audit.SessionAttribute{MFAAuthenticated: "false"},
		}
	}
	ev.UserIdentity = id
}

// finish completes the event with the outcome: error code and message,
// the redacted request (and, for a mutation that succeeded, response), the
// resources authorized and the policy decision's reason.
func finish(ev *audit.Event, params, response json.RawMessage, f faultInfo, err error, tr *access.Trace, c *arca.Caller) {
	ev.RequestParameters = params
	if f.code != "" {
		ev.ErrorCode, ev.ErrorMessage = f.code, f.message
	} else if !ev.ReadOnly {
		ev.ResponseElements = response
	}
	for _, arn := range tr.Resources() {
		ev.Resources = append(ev.Resources, audit.Resource{ARN: arn, AccountID: arnAccount(arn), Type: resourceType(arn)})
	}
	reason := tr.Reason()
	var d *access.Denial
	if errors.As(err, &d) {
		reason = d.Decision.Outcome.String() + " " + d.Action + " on " + d.Resource
		if n := d.Decision.Reason.Note; n != "" {
			reason += ": " + n
		}
	}
	if reason == "" && c != nil && c.Type == identity.TypeRoot && f.code == "" {
		reason = "Allow: the account's root user"
	}
	if reason != "" {
		ev.AdditionalEventData = &audit.Additional{Decision: reason}
	}
}

// faultInfo is the error code and message a client was (or would have
// been) answered with; empty for success.
type faultInfo struct{ code, message string }

// record writes ev durably, counting the outcome. The error, when not nil,
// means the response must not be sent.
func (s *Server) record(ctx context.Context, ev *audit.Event) error {
	if s.audit == nil {
		return nil
	}
	// A client that hangs up must not cost the record of what it did.
	if err := s.audit.Record(context.WithoutCancel(ctx), ev); err != nil {
		s.metrics.auditFailures.Inc()
		s.log.ErrorContext(ctx, "audit record failed; request refused", "request_id", ev.RequestID, "event", ev.EventName, "err", err)
		return err
	}
	if ev.ErrorCode != "" {
		s.metrics.auditError.Inc()
	} else {
		s.metrics.auditOK.Inc()
	}
	return nil
}

// intent records that a mutation is about to run; an error means it must
// not run.
func (s *Server) intent(ctx context.Context, ev *audit.Event) error {
	if s.audit == nil || ev.ReadOnly {
		return nil
	}
	if err := s.audit.Intent(ctx, ev); err != nil {
		s.metrics.auditFailures.Inc()
		s.log.ErrorContext(ctx, "audit intent failed; request refused", "request_id", ev.RequestID, "event", ev.EventName, "err", err)
		return err
	}
	return nil
}

// readOnly is CloudTrail's readOnly flag: reads, and the KMS
// cryptographic operations CloudTrail counts as reads.
func readOnly(service, op string) bool {
	for _, p := range []string{"Get", "Describe", "List", "BatchGet", "Lookup", "Simulate", "Validate"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	if service == "kms" {
		switch {
		case op == "Encrypt", op == "Decrypt", op == "ReEncrypt", op == "GenerateRandom", op == "Sign", op == "Verify",
			strings.HasPrefix(op, "GenerateDataKey"), strings.HasPrefix(op, "GenerateMac"), op == "VerifyMac":
			return true
		}
	}
	return false
}

func arnAccount(arn string) string {
	f, ok := arnFields(arn)
	if !ok {
		return ""
	}
	return f[4]
}

// arnFields splits an ARN into its six colon-separated fields without
// allocating (every audited request names its resources' ARNs).
func arnFields(arn string) (f [6]string, ok bool) {
	rest := arn
	for i := range 5 {
		var found bool
		if f[i], rest, found = strings.Cut(rest, ":"); !found {
			return f, false
		}
	}
	f[5] = rest
	return f, true
}

// resourceType names the CloudFormation-style type of an ARN's resource.
func resourceType(arn string) string {
	parts, ok := arnFields(arn)
	if !ok {
		return ""
	}
	res := parts[5]
	switch parts[2] {
	case "secretsmanager":
		return "AWS::SecretsManager::Secret"
	case "ssm":
		return "AWS::SSM::Parameter"
	case "kms":
		if strings.HasPrefix(res, "alias/") {
			return "AWS::KMS::Alias"
		}
		return "AWS::KMS::Key"
	case "iam":
		kind, _, _ := strings.Cut(res, "/")
		switch kind {
		case "user":
			return "AWS::IAM::User"
		case "role":
			return "AWS::IAM::Role"
		case "group":
			return "AWS::IAM::Group"
		case "policy":
			return "AWS::IAM::Policy"
		}
	case "sts":
		return "AWS::STS::AssumedRole"
	}
	return ""
}
