package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/redact"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
	"github.com/arca-vault/arca/internal/wire/awssts"
	"github.com/arca-vault/arca/internal/wire/sigv4"
	"github.com/google/uuid"
)

// isForm reports whether a request carries a form-encoded body (the AWS
// Query protocol).
func isForm(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// serveQuery runs the AWS Query pipeline (IAM, STS): read and parse the
// form, pick the dialect by the SigV4 credential scope's service (by the
// Action for an unsigned request), authenticate as serveAWS does, dispatch
// by Action. AssumeRoleWithWebIdentity is served unsigned: its token is
// the credential.
func (s *Server) serveQuery(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := uuid.NewString()
	w.Header().Set("x-amzn-RequestId", rid)
	ctx := awsquery.WithRequestID(r.Context(), rid)
	rec := &statusRecorder{ResponseWriter: w}
	d := s.query["sts"] // answers what cannot be attributed to a service
	action := ""
	defer func() {
		op := "unknown"
		if _, ok := d.Ops[action]; ok {
			op = action
		}
		s.metrics.requests.WithLabelValues(d.SigningName, op, rec.code()).Inc()
		s.metrics.latency.WithLabelValues(d.SigningName).Observe(time.Since(start).Seconds())
		if s.log.Enabled(r.Context(), slog.LevelDebug) { // the arguments cost allocations on every request
			s.log.Debug("request", "request_id", rid, "service", d.SigningName, "action", action, "status", rec.status, "duration", time.Since(start))
		}
	}()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		s.refuseQuery(ctx, rec, d, s.newEvent(r, d.SigningName, "", rid), &awsquery.Fault{Status: http.StatusBadRequest, Code: "MalformedQueryString", Message: "The request body could not be read or is larger than 1 MiB."})
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		s.refuseQuery(ctx, rec, d, s.newEvent(r, d.SigningName, "", rid), &awsquery.Fault{Status: http.StatusBadRequest, Code: "MalformedQueryString", Message: "The request body is not a valid form."})
		return
	}
	action = form.Get("Action")
	service, signed := scopeService(r)
	if q := s.query[service]; q != nil {
		d = q
	} else if _, ok := s.query["iam"].Ops[action]; ok {
		d = s.query["iam"]
	}
	ev := s.newEvent(r, d.SigningName, action, rid)
	var caller *arca.Caller
	if !signed && d.SigningName == "sts" && awssts.Unsigned(action) {
		ev.UserIdentity.Type = "WebIdentityUser"
	} else {
		var fail *authError
		if caller, fail = s.authenticate(r, body, d.SigningName); fail != nil {
			ev.RequestParameters = redact.Form(form)
			s.refuseQuery(ctx, rec, d, ev, fail.queryFault())
			return
		}
		caller.RequestID = rid
		caller.Action = d.SigningName + ":" + action
		setCaller(ev, caller)
		ctx = arca.WithCaller(ctx, caller)
	}
	ctx, trace := access.WithTrace(ctx)
	if err := s.intent(ctx, ev); err != nil {
		d.WriteFault(ctx, rec, auditUnavailableQuery)
		return
	}
	out, err := d.Run(ctx, form)
	var f *awsquery.Fault
	var response json.RawMessage
	if err != nil {
		f = d.FaultOf(ctx, err)
	} else if !ev.ReadOnly {
		response = redact.Any(out)
	}
	fi := faultInfo{}
	if f != nil {
		fi = faultInfo{f.Code, f.Message}
	}
	finish(ev, redact.Form(form), response, fi, err, trace, caller)
	if err := s.record(ctx, ev); err != nil {
		d.WriteFault(ctx, rec, auditUnavailableQuery)
		return
	}
	if f != nil {
		d.WriteFault(ctx, rec, f)
		return
	}
	d.WriteResult(ctx, rec, action, out)
}

// auditUnavailableQuery is auditUnavailableJSON in the Query shape.
var auditUnavailableQuery = &awsquery.Fault{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "The audit log is unavailable, so the request was refused. Try again later."}

// refuseQuery records a Query request refused before it reached an
// operation and answers f (or the audit failure).
func (s *Server) refuseQuery(ctx context.Context, w http.ResponseWriter, d *awsquery.Service, ev *audit.Event, f *awsquery.Fault) {
	ev.ErrorCode, ev.ErrorMessage = f.Code, f.Message
	if err := s.record(ctx, ev); err != nil {
		f = auditUnavailableQuery
	}
	d.WriteFault(ctx, w, f)
}

// scopeService returns the service of the request's SigV4 credential scope
// (Authorization header or presigned X-Amz-Credential), and whether the
// request carries a signature at all.
func scopeService(r *http.Request) (string, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		a, err := sigv4.ParseAuthorization(h)
		if err != nil {
			return "", true
		}
		return a.Service, true
	}
	cred := r.URL.Query().Get("X-Amz-Credential")
	if cred == "" {
		return "", false
	}
	// AKID/DATE/REGION/SERVICE/aws4_request
	parts := strings.SplitN(cred, "/", 5)
	if len(parts) == 5 {
		return parts[3], true
	}
	return "", true
}

// queryFault words an authentication failure as IAM and STS do.
func (a *authError) queryFault() *awsquery.Fault {
	switch a.kind {
	case authMissing:
		return &awsquery.Fault{Status: http.StatusForbidden, Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token"}
	case authIncomplete:
		return &awsquery.Fault{Status: http.StatusBadRequest, Code: "IncompleteSignature", Message: a.msg}
	case authUnknownKey:
		return &awsquery.Fault{Status: http.StatusForbidden, Code: "InvalidClientTokenId", Message: a.msg}
	case authMismatch:
		return &awsquery.Fault{Status: http.StatusForbidden, Code: "SignatureDoesNotMatch", Message: a.msg}
	case authExpiredToken:
		return &awsquery.Fault{Status: http.StatusBadRequest, Code: "ExpiredToken", Message: a.msg}
	case authUnavailable:
		return &awsquery.Fault{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: a.msg}
	}
	return &awsquery.Fault{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: a.msg}
}

// authorizeIAM is the hook through which IAM operations are authorized:
// awsiam calls it with the action ("iam:CreateUser") and the resource ARN
// before every operation. The root user may do everything; every other
// principal is decided by the access Authorizer (its identity and session
// policies).
func (s *Server) authorizeIAM(ctx context.Context, action, resource string) error {
	c := arca.CallerFrom(ctx)
	if c == nil {
		return arca.Errorf(arca.EDenied, "User is not authorized to perform: %s on resource: %s", action, resource)
	}
	if c.Type == identity.TypeRoot {
		return nil
	}
	return s.access.Authorize(ctx, arca.Access{Action: action, Resource: resource})
}
