package awsjson

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/arca-vault/arca"
)

// Op is one operation: it decodes body, calls the core and returns the
// value to encode as the response (nil for an empty "{}").
type Op func(ctx context.Context, body []byte) (any, error)

// Fault is an error as the client sees it.
type Fault struct {
	Status  int
	Code    string
	Message string
}

// Error implements error, so that a handler can return a Fault directly
// (for a dialect-level validation failure).
func (f *Fault) Error() string { return f.Code + ": " + f.Message }

// Service is one AWS JSON dialect.
type Service struct {
	SigningName  string        // the SigV4 service name, e.g. "ssm"
	TargetPrefix string        // the X-Amz-Target prefix, e.g. "AmazonSSM"
	ContentType  string        // "application/x-amz-json-1.1" or "-1.0"
	Ops          map[string]Op // one entry per supported operation
	// Errors maps a core error to the dialect's fault. It is called for
	// every error that is not already a *Fault; nil means "use Default".
	Errors func(err error) *Fault
	Log    *slog.Logger
}

// Handle runs the operation named by target (the part after the prefix and
// the dot) and writes the response.
func (s *Service) Handle(ctx context.Context, w http.ResponseWriter, op string, body []byte) {
	out, err := s.Run(ctx, op, body)
	if err != nil {
		s.WriteError(ctx, w, err)
		return
	}
	s.writeJSON(w, http.StatusOK, out)
}

// Run runs the operation named op and returns its result, without writing
// anything, so that the server can record the outcome before it answers.
// An unknown operation is an UnknownOperationException *Fault.
func (s *Service) Run(ctx context.Context, op string, body []byte) (any, error) {
	h, ok := s.Ops[op]
	if !ok {
		return nil, &Fault{Status: http.StatusBadRequest, Code: "UnknownOperationException", Message: "Unrecognized operation " + strconv.Quote(op) + "."}
	}
	return h(ctx, body)
}

// WriteResult writes a successful result of Run.
func (s *Service) WriteResult(w http.ResponseWriter, out any) {
	s.writeJSON(w, http.StatusOK, out)
}

// WriteError maps err to a fault and writes it. Internal errors are logged
// with the request id; the client sees a generic message.
func (s *Service) WriteError(ctx context.Context, w http.ResponseWriter, err error) {
	s.WriteFault(ctx, w, s.FaultOf(ctx, err))
}

// FaultOf maps err (a *Fault, or a core error through Errors or Default)
// to the fault the client sees. Internal errors are logged with the
// request id here, once.
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
		rid := ""
		if c := arca.CallerFrom(ctx); c != nil {
			rid = c.RequestID
		}
		s.Log.ErrorContext(ctx, "request failed", "request_id", rid, "code", f.Code, "err", err)
	}
	return f
}

// WriteFault writes f in the AWS JSON error shape.
func (s *Service) WriteFault(_ context.Context, w http.ResponseWriter, f *Fault) {
	w.Header().Set("X-Amzn-ErrorType", f.Code)
	s.writeJSON(w, f.Status, errorBody{Type: f.Code, Message: f.Message})
}

type errorBody struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

func (s *Service) writeJSON(w http.ResponseWriter, status int, v any) {
	var raw []byte
	if v == nil {
		raw = []byte("{}")
	} else {
		buf := bodies.Get().(*bytes.Buffer)
		defer putBody(buf)
		if a, ok := v.(Appender); ok {
			avail := buf.AvailableBuffer()
			b := a.AppendJSON(avail)
			buf.Write(b)
			if cap(b) != cap(avail) {
				clear(b) // outgrew the pooled buffer: a copy of the answer putBody cannot reach
			}
			raw = buf.Bytes()
		} else if err := json.NewEncoder(buf).Encode(v); err != nil {
			status = http.StatusInternalServerError
			raw = []byte(`{"__type":"InternalFailure","message":"internal error"}`)
		} else {
			raw = bytes.TrimSuffix(buf.Bytes(), []byte("\n")) // Encode ends with a newline; Marshal did not
		}
	}
	h := w.Header()
	h.Set("Content-Type", s.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(raw)))
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

// bodies holds response buffers, so that encoding an answer does not
// allocate one of its size every time.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody bounds the buffers kept: a rare large answer (a page of 10
// parameters of 8 KiB) is left to the collector.
const maxPooledBody = 64 << 10

// putBody zeroes buf and returns it to the pool. Zeroing matters: answers
// carry secret values, which must not linger in memory waiting for reuse.
func putBody(buf *bytes.Buffer) {
	clear(buf.Bytes())
	buf.Reset()
	if buf.Cap() <= maxPooledBody {
		bodies.Put(buf)
	}
}

// Default maps the codes every dialect shares; dialects map the rest.
func Default(err error) *Fault {
	msg := arca.ErrorMessage(err)
	switch arca.ErrorCode(err) {
	case arca.EInvalid:
		return &Fault{http.StatusBadRequest, "ValidationException", msg}
	case arca.EUnauthenticated:
		return &Fault{http.StatusBadRequest, "UnrecognizedClientException", msg}
	case arca.EDenied:
		return &Fault{http.StatusBadRequest, "AccessDeniedException", msg}
	case arca.EUnavailable:
		return &Fault{http.StatusServiceUnavailable, "ServiceUnavailable", msg}
	}
	return &Fault{http.StatusInternalServerError, "InternalFailure", "An internal error occurred. Try again later."}
}

// Decode unmarshals a request body into v. An empty body is an empty
// object. Wrong JSON types get SerializationException, as AWS answers;
// members the dialect does not know are ignored, as AWS's JSON services do.
func Decode(body []byte, v any) error {
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &Fault{http.StatusBadRequest, "SerializationException", "Unexpected value type for field '" + te.Field + "': expected " + te.Type.String() + ", got " + te.Value + "."}
		}
		return &Fault{http.StatusBadRequest, "SerializationException", "The request body is not valid JSON."}
	}
	return nil
}

// Handler adapts a typed function to an Op: decode into In, call f.
func Handler[In, Out any](f func(ctx context.Context, in *In) (*Out, error)) Op {
	return func(ctx context.Context, body []byte) (any, error) {
		in := new(In)
		if err := Decode(body, in); err != nil {
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
