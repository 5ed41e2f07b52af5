package awsquery

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/arca-vault/arca"
)

// Op is one operation: it decodes the form, calls the core and returns the
// value to encode as the <ActionResult> element (nil for none).
type Op func(ctx context.Context, form url.Values) (any, error)

// Fault is an error as the client sees it, in the <ErrorResponse> envelope.
type Fault struct {
	Status  int
	Code    string
	Message string
}

// Error implements error, so that a handler can return a Fault directly.
func (f *Fault) Error() string { return f.Code + ": " + f.Message }

// Service is one AWS Query dialect.
type Service struct {
	SigningName string        // the SigV4 service name, e.g. "iam"
	Namespace   string        // the XML namespace, e.g. https://iam.amazonaws.com/doc/2010-05-08/
	Version     string        // the API version, e.g. "2010-05-08"
	Ops         map[string]Op // one entry per supported Action
	// Errors maps a core error to the dialect's fault. It is called for
	// every error that is not already a *Fault; nil means "use Default".
	Errors func(err error) *Fault
	Log    *slog.Logger
}

// Handle runs the operation named by the form's Action and writes the
// response. A missing Action is MissingAction, an unknown one (or a Version
// other than the service's) InvalidAction.
func (s *Service) Handle(ctx context.Context, w http.ResponseWriter, form url.Values) {
	out, err := s.Run(ctx, form)
	if err != nil {
		s.WriteError(ctx, w, err)
		return
	}
	s.WriteResult(ctx, w, form.Get("Action"), out)
}

// Run runs the operation named by the form's Action and returns its
// result without writing anything, so that the server can record the
// outcome before it answers. Errors as Handle words them, as *Fault.
func (s *Service) Run(ctx context.Context, form url.Values) (any, error) {
	action := form.Get("Action")
	if action == "" {
		return nil, &Fault{Status: http.StatusBadRequest, Code: "MissingAction", Message: "The request must contain the parameter Action."}
	}
	op, ok := s.Ops[action]
	if v := form.Get("Version"); !ok || (v != "" && v != s.Version) {
		return nil, &Fault{Status: http.StatusBadRequest, Code: "InvalidAction", Message: "Could not find operation " + clipText(action) + " for version " + clipText(form.Get("Version")) + "."}
	}
	return op(ctx, form)
}

// WriteResult writes a successful result of Run for action.
func (s *Service) WriteResult(ctx context.Context, w http.ResponseWriter, action string, out any) {
	var body bytes.Buffer
	body.WriteString(`<` + action + `Response xmlns="` + s.Namespace + `">`)
	if out != nil {
		enc := xml.NewEncoder(&body)
		if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			s.WriteError(ctx, w, arca.Internal(err))
			return
		}
		if err := enc.Close(); err != nil {
			s.WriteError(ctx, w, arca.Internal(err))
			return
		}
	}
	body.WriteString(`<ResponseMetadata><RequestId>` + escape(requestID(ctx)) + `</RequestId></ResponseMetadata></` + action + `Response>`)
	write(w, http.StatusOK, body.Bytes())
}

// WriteError maps err to a fault and writes it. Internal errors are logged
// with the request id; the client sees a generic message.
func (s *Service) WriteError(ctx context.Context, w http.ResponseWriter, err error) {
	s.WriteFault(ctx, w, s.FaultOf(ctx, err))
}

// FaultOf maps err (a *Fault, or a core error through Errors or Default)
// to the fault the client sees; internal errors are logged here, once.
func (s *Service) FaultOf(ctx context.Context, err error) *Fault {
	var f *Fault
	if !errors.As(err, &f) {
		if s.Errors != nil {
			f = s.Errors(err)
		}
		if f == nil {
			f = Default(err)
		}
	}
	if f.Status >= 500 && s.Log != nil {
		s.Log.ErrorContext(ctx, "request failed", "request_id", requestID(ctx), "code", f.Code, "err", err)
	}
	return f
}

// WriteFault writes f in the <ErrorResponse> envelope, with the request id
// of the caller in ctx (or of RequestID(ctx, id) for a request that has no
// caller yet).
func (s *Service) WriteFault(ctx context.Context, w http.ResponseWriter, f *Fault) {
	kind := "Sender"
	if f.Status >= 500 {
		kind = "Receiver"
	}
	body := `<ErrorResponse xmlns="` + s.Namespace + `"><Error><Type>` + kind + `</Type><Code>` + escape(f.Code) +
		`</Code><Message>` + escape(f.Message) + `</Message></Error><RequestId>` + escape(requestID(ctx)) + `</RequestId></ErrorResponse>`
	write(w, f.Status, []byte(body))
}

func write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Default maps the codes every Query dialect shares; dialects map the rest.
func Default(err error) *Fault {
	msg := arca.ErrorMessage(err)
	switch arca.ErrorCode(err) {
	case arca.EInvalid:
		return &Fault{http.StatusBadRequest, "ValidationError", msg}
	case arca.EUnauthenticated:
		return &Fault{http.StatusForbidden, "InvalidClientTokenId", msg}
	case arca.EDenied:
		return &Fault{http.StatusForbidden, "AccessDenied", msg}
	case arca.EUnavailable:
		return &Fault{http.StatusServiceUnavailable, "ServiceUnavailable", msg}
	}
	return &Fault{http.StatusInternalServerError, "InternalFailure", "An internal error occurred. Try again later."}
}

// Handler adapts a typed function to an Op: decode the form into In, call
// f, encode *Out (nil: no result element).
func Handler[In, Out any](f func(ctx context.Context, in *In) (*Out, error)) Op {
	return func(ctx context.Context, form url.Values) (any, error) {
		in := new(In)
		if err := Decode(form, in); err != nil {
			return nil, err
		}
		out, err := f(ctx, in)
		if err != nil {
			return nil, err
		}
		if out == nil {
			return nil, nil
		}
		return out, nil
	}
}

type requestIDKey struct{}

// WithRequestID returns a context carrying id as the request id, for the
// faults written before a caller is known (authentication failures).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

func requestID(ctx context.Context) string {
	if c := arca.CallerFrom(ctx); c != nil && c.RequestID != "" {
		return c.RequestID
	}
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
