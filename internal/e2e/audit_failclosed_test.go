package e2e_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// flakySink is a memory sink that fails, or stalls, while told to. It
// embeds the Sink interface, not *audit.MemorySink, so that it is not an
// audit.Immediate sink (which must never block): the Log hands it records
// through its writer, as it does a file or PostgreSQL sink.
type flakySink struct {
	audit.Sink
	fail    atomic.Bool
	stall   atomic.Bool
	release chan struct{}
}

func newFlakySink() *flakySink {
	return &flakySink{Sink: audit.NewMemorySink(), release: make(chan struct{})}
}

func (f *flakySink) Append(ctx context.Context, seal func(audit.Head) ([]audit.Record, error)) error {
	if f.stall.Load() {
		select {
		case <-f.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if f.fail.Load() {
		return errors.New("disk on fire")
	}
	return f.Sink.Append(ctx, seal)
}

func httpStatus(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// TestAudit_FailClosed_FailingSink: while the sink fails, a PutParameter
// gets a 5xx and is not applied; reads fail too (their event cannot be
// written); once the sink works again the parameter is not there.
func TestAudit_FailClosed_FailingSink(t *testing.T) {
	sink := newFlakySink()
	e := start(t, server.Config{Audit: server.AuditConfig{Sink: sink, Timeout: time.Second}})
	c := e.ssm("us-east-1")
	ctx := context.Background()
	must(c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/ok"), Value: aws.String("v"), Type: "String"}))
	sink.fail.Store(true)
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/lost"), Value: aws.String("v"), Type: "String"})
	if s := httpStatus(err); s < 500 {
		t.Fatalf("PutParameter with a failing audit sink: status %d, err %v", s, err)
	}
	wantCode(t, err, "ServiceUnavailable")
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/ok")})
	if s := httpStatus(err); s < 500 {
		t.Fatalf("GetParameter with a failing audit sink: status %d", s)
	}
	sink.fail.Store(false)
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/lost")})
	wantCode(t, err, "ParameterNotFound")
	must(c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/ok")}))
}

// TestAudit_FailClosed_StallingSink: a sink that hangs makes requests fail
// within about the configured timeout, and /ready reports the audit log
// unavailable; when it recovers, requests work again.
func TestAudit_FailClosed_StallingSink(t *testing.T) {
	sink := newFlakySink()
	const timeout = 300 * time.Millisecond
	e := start(t, server.Config{Audit: server.AuditConfig{Sink: sink, Timeout: timeout}})
	c := e.ssm("us-east-1")
	ctx := context.Background()
	must(c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/ok"), Value: aws.String("v"), Type: "String"}))
	sink.stall.Store(true)
	begin := time.Now()
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/stuck"), Value: aws.String("v"), Type: "String"})
	took := time.Since(begin)
	if s := httpStatus(err); s < 500 {
		t.Fatalf("PutParameter with a stalled sink: status %d, err %v", s, err)
	}
	if took > 4*timeout+time.Second {
		t.Fatalf("the stalled request took %s (timeout %s)", took, timeout)
	}
	code, body := get(t, e.url+"/ready")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"audit":"unavailable"`) {
		t.Fatalf("/ready with a stalled sink: %d %s", code, body)
	}
	sink.stall.Store(false)
	close(sink.release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/ok")})
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond) // the log retries the sink on its own schedule
	}
	if err != nil {
		t.Fatalf("after the sink recovered: %v", err)
	}
	if code, body := get(t, e.url+"/ready"); code != http.StatusOK || !strings.Contains(body, `"audit":"ok"`) {
		t.Fatalf("/ready after recovery: %d %s", code, body)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestAudit_AlertsAndMetrics: a rule in the server configuration raises an
// alert (a log line and arca_alerts_total) and the events are counted.
func TestAudit_AlertsAndMetrics(t *testing.T) {
	var logs lockedBuffer
	e := start(t, server.Config{
		Log:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Audit: server.AuditConfig{Rules: []alert.Rule{{Name: "param-burst", EventName: "GetParameter", Count: 3, Window: time.Minute}}},
	})
	c := e.ssm("us-east-1")
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, _ = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/missing")})
	}
	deadline := time.Now().Add(5 * time.Second)
	var body string
	for time.Now().Before(deadline) {
		_, body = get(t, e.url+"/metrics")
		if strings.Contains(body, `arca_alerts_total{rule="param-burst"} 1`) {
			break
		}
		time.Sleep(20 * time.Millisecond) // the engine evaluates on its own goroutine
	}
	for _, want := range []string{`arca_alerts_total{rule="param-burst"} 1`, `arca_audit_events_total{result="error"} 3`, `arca_audit_failures_total 0`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if !strings.Contains(string(logs.Bytes()), `"msg":"audit alert","rule":"param-burst"`) {
		t.Errorf("no alert log line in %s", logs.Bytes())
	}
}
