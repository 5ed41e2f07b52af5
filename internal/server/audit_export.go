package server

import (
	"context"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"strconv"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/google/uuid"
)

// ExportPath is the route that streams the raw audit records, for `arca
// audit verify --endpoint`. It is SigV4-signed for the service "arca" and
// needs the root user or arca:ExportAuditLog.
const ExportPath = "/_arca/audit/export"

// ExportHeadHeader carries the log's head when the export started: "SEQ
// HASH-HEX UNIX-NANOS CHECKPOINT". The records that follow end at SEQ.
const ExportHeadHeader = "X-Arca-Audit-Head"

// exportAudit streams the records from..to (default: all up to the head)
// as audit frames (audit.AppendFrame), after recording the export itself.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request) {
	rid := uuid.NewString()
	w.Header().Set("x-amzn-RequestId", rid)
	ctx := r.Context()
	ev := s.newEvent(r, "arca", "ExportAuditLog", rid)
	fail := func(status int, code, msg string) {
		ev.ErrorCode, ev.ErrorMessage = code, msg
		if err := s.record(ctx, ev); err != nil {
			status, code, msg = auditUnavailableJSON.Status, auditUnavailableJSON.Code, auditUnavailableJSON.Message
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"__type":` + jsonString(code) + `,"message":` + jsonString(msg) + `}`))
	}
	caller, aerr := s.authenticate(r, nil, "arca")
	if aerr != nil {
		f := aerr.jsonFault()
		fail(f.Status, f.Code, f.Message)
		return
	}
	caller.RequestID, caller.Action = rid, "arca:ExportAuditLog"
	setCaller(ev, caller)
	ctx, trace := access.WithTrace(arca.WithCaller(ctx, caller))
	if caller.Type != identity.TypeRoot {
		if err := s.access.Authorize(ctx, arca.Access{Action: "arca:ExportAuditLog", Resource: "*"}); err != nil {
			ev.AdditionalEventData = &audit.Additional{Decision: trace.Reason()}
			fail(http.StatusForbidden, "AccessDeniedException", arca.ErrorMessage(err))
			return
		}
	}
	q := r.URL.Query()
	from, err1 := parseSeq(q.Get("from"))
	to, err2 := parseSeq(q.Get("to"))
	if err1 != nil || err2 != nil {
		fail(http.StatusBadRequest, "ValidationException", "from and to must be record positions (integers)")
		return
	}
	ev.RequestParameters = []byte(`{"from":` + strconv.FormatUint(from, 10) + `,"to":` + strconv.FormatUint(to, 10) + `}`)
	if s.auditSink == nil {
		fail(http.StatusServiceUnavailable, "ServiceUnavailable", "the audit log cannot be exported")
		return
	}
	h, err := s.auditSink.Head(ctx)
	if err != nil {
		fail(http.StatusServiceUnavailable, "ServiceUnavailable", "the audit log is unavailable")
		return
	}
	if to == 0 || to > h.Seq {
		to = h.Seq
	}
	ev.AdditionalEventData = &audit.Additional{Decision: trace.Reason()}
	if ev.AdditionalEventData.Decision == "" {
		ev.AdditionalEventData.Decision = "Allow: the account's root user"
	}
	if err := s.record(ctx, ev); err != nil {
		fail(auditUnavailableJSON.Status, auditUnavailableJSON.Code, auditUnavailableJSON.Message)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set(ExportHeadHeader, strconv.FormatUint(h.Seq, 10)+" "+hex.EncodeToString(h.Hash[:])+" "+strconv.FormatInt(h.Time.UnixNano(), 10)+" "+strconv.FormatUint(h.Checkpoint, 10))
	if to == 0 {
		return
	}
	var buf []byte
	err = s.auditSink.Scan(context.WithoutCancel(ctx), from, to, func(rec *audit.Record) error {
		var err error
		if buf, err = audit.AppendFrame(buf[:0], rec); err != nil {
			return err
		}
		_, err = w.Write(buf)
		if err == nil {
			err = ctx.Err() // the client hung up
		}
		return err
	})
	if err != nil {
		// The status is sent; a short stream is what the client sees and
		// reports as a truncated export.
		s.log.ErrorContext(ctx, "audit export stopped", "request_id", rid, "err", err)
	}
}

func parseSeq(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.ParseUint(s, 10, 64)
}

// PublicKeyPath serves the checkpoint public key (PEM). It is public; a
// third party should still get it out of band (`arca audit public-key`),
// since a server under suspicion could serve another one.
const PublicKeyPath = "/_arca/audit/public-key"

func (s *Server) auditPublicKey(w http.ResponseWriter, _ *http.Request) {
	if s.auditLog == nil {
		http.Error(w, "no audit log", http.StatusServiceUnavailable)
		return
	}
	der, err := x509.MarshalPKIXPublicKey(s.auditLog.PublicKey())
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/x-pem-file")
	_ = pem.Encode(w, &pem.Block{Type: "PUBLIC KEY", Bytes: der})
}
