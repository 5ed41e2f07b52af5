package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/redact"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsjson"
	"github.com/arca-vault/arca/internal/wire/sigv4"
	"github.com/google/uuid"
)

// maxBody is the largest request body accepted (AWS JSON services: 1 MiB).
const maxBody = 1 << 20

// serveAWS runs the AWS JSON pipeline: pick the dialect by X-Amz-Target,
// read the body, verify SigV4, build the caller, dispatch. A form-encoded
// POST without X-Amz-Target is an AWS Query request (IAM, STS): serveQuery.
func (s *Server) serveAWS(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	if target == "" && isForm(r) {
		s.serveQuery(w, r)
		return
	}
	start := time.Now()
	rid := uuid.NewString()
	w.Header().Set("x-amzn-RequestId", rid)
	// The operation follows the last dot: CloudTrail's prefix has dots.
	prefix, op := target, ""
	if i := strings.LastIndexByte(target, '.'); i >= 0 {
		prefix, op = target[:i], target[i+1:]
	}
	d := s.dialects[prefix]
	rec := &statusRecorder{ResponseWriter: w}
	defer func() {
		name := "unknown"
		if d != nil {
			name = d.SigningName
		}
		s.metrics.requests.WithLabelValues(name, opLabel(d, op), rec.code()).Inc()
		s.metrics.latency.WithLabelValues(name).Observe(time.Since(start).Seconds())
		if s.log.Enabled(r.Context(), slog.LevelDebug) { // the arguments cost allocations on every request
			s.log.Debug("request", "request_id", rid, "target", target, "status", rec.status, "duration", time.Since(start))
		}
	}()
	if d == nil {
		// Not a dialect arca speaks: still an event, named by the signing
		// scope's service when there is one.
		service, _ := scopeService(r)
		if service == "" {
			service = "unknown"
		}
		ev := s.newEvent(r, service, op, rid)
		ev.ErrorCode, ev.ErrorMessage = "UnknownOperationException", "Unrecognized service or operation."
		if err := s.record(r.Context(), ev); err != nil {
			rec.Header().Set("Content-Type", "application/x-amz-json-1.1")
			rec.WriteHeader(auditUnavailableJSON.Status)
			_, _ = rec.Write([]byte(`{"__type":"ServiceUnavailable","message":` + jsonString(auditUnavailableJSON.Message) + `}`))
			return
		}
		writeUnknownTarget(rec, target)
		return
	}
	ctx := r.Context()
	ev := s.newEvent(r, d.SigningName, op, rid)
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		s.refuseJSON(ctx, rec, d, ev, &awsjson.Fault{Status: http.StatusBadRequest, Code: "SerializationException", Message: "The request body could not be read."})
		return
	}
	if len(body) > maxBody {
		s.refuseJSON(ctx, rec, d, ev, &awsjson.Fault{Status: http.StatusRequestEntityTooLarge, Code: "ValidationException", Message: "The request body is larger than the 1 MiB limit."})
		return
	}
	caller, fail := s.authenticate(r, body, d.SigningName)
	if fail != nil {
		ev.RequestParameters = redact.JSON(body)
		s.refuseJSON(ctx, rec, d, ev, fail.jsonFault())
		return
	}
	caller.RequestID = rid
	caller.Action = d.SigningName + ":" + op
	setCaller(ev, caller)
	ctx, trace := access.WithTrace(arca.WithCaller(ctx, caller))
	if err := s.intent(ctx, ev); err != nil {
		d.WriteFault(ctx, rec, auditUnavailableJSON)
		return
	}
	out, err := d.Run(ctx, op, body)
	if z, ok := out.(awsjson.Wiper); ok {
		defer z.Wipe()
	}
	var f *awsjson.Fault
	var response json.RawMessage
	if err != nil {
		f = d.FaultOf(ctx, err)
	} else if !ev.ReadOnly {
		response = redact.Any(out)
	}
	finish(ev, redact.JSON(body), response, jsonFaultInfo(f), err, trace, caller)
	if err := s.record(ctx, ev); err != nil {
		d.WriteFault(ctx, rec, auditUnavailableJSON)
		return
	}
	if f != nil {
		d.WriteFault(ctx, rec, f)
		return
	}
	d.WriteResult(rec, out)
}

// auditUnavailableJSON answers a request whose audit record could not be
// written: the operation was not run, or its answer is withheld.
var auditUnavailableJSON = &awsjson.Fault{Status: http.StatusServiceUnavailable, Code: "ServiceUnavailable", Message: "The audit log is unavailable, so the request was refused. Try again later."}

// refuseJSON records a request refused before it reached an operation
// and answers f (or the audit failure).
func (s *Server) refuseJSON(ctx context.Context, w http.ResponseWriter, d *awsjson.Service, ev *audit.Event, f *awsjson.Fault) {
	ev.ErrorCode, ev.ErrorMessage = f.Code, f.Message
	if err := s.record(ctx, ev); err != nil {
		f = auditUnavailableJSON
	}
	d.WriteFault(ctx, w, f)
}

func jsonFaultInfo(f *awsjson.Fault) faultInfo {
	if f == nil {
		return faultInfo{}
	}
	return faultInfo{f.Code, f.Message}
}

// authKind classifies an authentication failure; each protocol words it
// with its own code.
type authKind int

const (
	authMissing      authKind = iota + 1 // no signature at all
	authIncomplete                       // a malformed signature
	authUnknownKey                       // unknown or inactive key, bad session token, deleted principal
	authMismatch                         // wrong signature, clock skew, wrong scope
	authExpiredToken                     // temporary credentials past their expiry
	authUnavailable                      // the credential store cannot answer
	authInternal
)

// authError is why a request could not be authenticated; msg is safe to
// return to the client.
type authError struct {
	kind authKind
	msg  string
}

// authenticate verifies the request's signature and, for temporary
// credentials, its session token, and returns its caller.
func (s *Server) authenticate(r *http.Request, body []byte, service string) (*arca.Caller, *authError) {
	v := sigv4.Verifier{Secret: s.identity.Secret, Now: s.cfg.Now, Keys: &s.sigKeys}
	res, err := v.Verify(r, body)
	if err != nil {
		return nil, classify(err)
	}
	if res.Service != service {
		return nil, &authError{authMismatch, "Credential should be scoped to correct service: '" + service + "'."}
	}
	if !arca.ValidRegion(res.Region) {
		return nil, &authError{authMismatch, "Credential should be scoped to a valid region."}
	}
	c, err := s.identity.Authenticate(r.Context(), res.AccessKeyID, res.SecurityToken, res.Region, res.Service)
	if err != nil {
		return nil, classify(err)
	}
	c.SourceIP = sourceIP(r)
	c.UserAgent = r.UserAgent()
	return c, nil
}

// classify turns a verification or credential failure into an authError.
func classify(err error) *authError {
	var se *sigv4.Error
	msg := "The request signature could not be verified."
	if errors.As(err, &se) {
		msg = se.Message
	}
	switch {
	case errors.Is(err, identity.ErrExpiredToken):
		return &authError{authExpiredToken, "The security token included in the request is expired"}
	case errors.Is(err, sigv4.ErrMissing):
		return &authError{authMissing, "Missing Authentication Token"}
	case errors.Is(err, sigv4.ErrIncomplete):
		return &authError{authIncomplete, msg}
	case errors.Is(err, sigv4.ErrUnknownKey), arca.ErrorCode(err) == arca.EUnauthenticated:
		return &authError{authUnknownKey, "The security token included in the request is invalid."}
	case errors.Is(err, sigv4.ErrMismatch), errors.Is(err, sigv4.ErrExpired):
		return &authError{authMismatch, msg}
	case arca.ErrorCode(err) == arca.EUnavailable:
		return &authError{authUnavailable, "The service is unavailable. Try again later."}
	}
	return &authError{authInternal, "An internal error occurred. Try again later."}
}

// jsonFault words an authentication failure as the AWS JSON services do.
func (a *authError) jsonFault() *awsjson.Fault {
	codes := map[authKind]string{
		authMissing: "MissingAuthenticationTokenException", authIncomplete: "IncompleteSignatureException",
		authUnknownKey: "UnrecognizedClientException", authMismatch: "InvalidSignatureException",
		authExpiredToken: "ExpiredTokenException", authUnavailable: "ServiceUnavailable", authInternal: "InternalFailure",
	}
	status := http.StatusBadRequest
	switch a.kind {
	case authUnavailable:
		status = http.StatusServiceUnavailable
	case authInternal:
		status = http.StatusInternalServerError
	}
	return &awsjson.Fault{Status: status, Code: codes[a.kind], Message: a.msg}
}

func writeUnknownTarget(w http.ResponseWriter, target string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	msg := "Unrecognized operation: the X-Amz-Target header is missing."
	if target != "" {
		msg = "Unrecognized service or operation " + target + "."
	}
	_, _ = w.Write([]byte(`{"__type":"UnknownOperationException","message":` + jsonString(msg) + `}`))
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteString(" ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// opLabel bounds the metric's label values to the known operations.
func opLabel(d *awsjson.Service, op string) string {
	if d == nil {
		return "unknown"
	}
	if _, ok := d.Ops[op]; ok {
		return op
	}
	return "unknown"
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) code() string {
	switch {
	case r.status == 0 || r.status < 300:
		return "ok"
	case r.status < 500:
		return "client_error"
	}
	return "server_error"
}
