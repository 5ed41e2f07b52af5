package alert_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/webhook"
)

// clock is an injected, manually advanced time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }
func ev(name, arn, code string) *audit.Event {
	return &audit.Event{EventName: name, ErrorCode: code, UserIdentity: audit.Identity{ARN: arn}, EventID: "e"}
}

func newEngine(t *testing.T, c *clock, rules ...alert.Rule) *alert.Engine {
	t.Helper()
	e, err := alert.New(alert.Config{Rules: rules, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// The runbook's rule: more than 1000 GetSecretValue calls in 5 minutes.
func TestEngine_GetSecretValueBurst(t *testing.T) {
	c := newClock()
	e := newEngine(t, c, alert.Rule{Name: "gsv-burst", EventName: "GetSecretValue", Count: 1001, Window: 5 * time.Minute})
	fired := 0
	// 1000 calls spread over 4m59s: no alert.
	for i := 0; i < 1000; i++ {
		fired += len(e.Evaluate(ev("GetSecretValue", "arn:aws:iam::000000000000:user/a", "")))
		fired += len(e.Evaluate(ev("GetParameter", "arn:aws:iam::000000000000:user/a", "")))
		c.advance(299 * time.Millisecond)
	}
	if fired != 0 {
		t.Fatalf("fired %d alerts for 1000 calls", fired)
	}
	got := e.Evaluate(ev("GetSecretValue", "arn:aws:iam::000000000000:user/b", ""))
	if len(got) != 1 || got[0].Rule != "gsv-burst" || got[0].Count != 1001 {
		t.Fatalf("1001st call: alerts %+v", got)
	}
	// Quiet for one window, then the old calls have left the window.
	if got := e.Evaluate(ev("GetSecretValue", "x", "")); len(got) != 0 {
		t.Fatalf("alert repeated at once: %+v", got)
	}
	c.advance(6 * time.Minute)
	if got := e.Evaluate(ev("GetSecretValue", "x", "")); len(got) != 0 {
		t.Fatalf("alert after the window passed with one call: %+v", got)
	}
}

// "5 AccessDenied in 1 minute by one principal".
func TestEngine_AccessDeniedByPrincipal(t *testing.T) {
	c := newClock()
	e := newEngine(t, c, alert.Rule{Name: "denied", ErrorCodePrefix: "AccessDenied", Count: 5, Window: time.Minute, GroupBy: "principal"})
	a, b := "arn:aws:iam::000000000000:user/a", "arn:aws:iam::000000000000:user/b"
	for i := 0; i < 4; i++ {
		if n := len(e.Evaluate(ev("GetSecretValue", a, "AccessDeniedException"))) + len(e.Evaluate(ev("GetParameter", b, "AccessDenied"))); n != 0 {
			t.Fatalf("alert after %d denials each", i+1)
		}
		e.Evaluate(ev("GetSecretValue", a, "")) // allowed calls do not count
		c.advance(10 * time.Second)
	}
	got := e.Evaluate(ev("Decrypt", a, "AccessDeniedException"))
	if len(got) != 1 || got[0].Principal != a {
		t.Fatalf("5th denial of a: %+v", got)
	}
	// b's 5th denial comes after its first left the minute.
	c.advance(25 * time.Second)
	if got := e.Evaluate(ev("GetParameter", b, "AccessDenied")); len(got) != 0 {
		t.Fatalf("b alerted with its first denial out of the window: %+v", got)
	}
}

func TestRule_Match(t *testing.T) {
	r := alert.Rule{Name: "r", Principal: "arn:aws:sts::*:assumed-role/web/*", Resource: "/prod/admin/", Count: 1, Window: time.Minute}
	e := ev("GetParameter", "arn:aws:sts::000000000000:assumed-role/web/s1", "")
	e.RequestParameters = []byte(`{"name":"/prod/admin/ROOT"}`)
	if !r.Match(e) {
		t.Fatal("no match on name prefix and principal pattern")
	}
	e.RequestParameters = []byte(`{"name":"/prod/web/X"}`)
	if r.Match(e) {
		t.Fatal("matched another path")
	}
	e.Resources = []audit.Resource{{ARN: "/prod/admin/other"}}
	if !r.Match(e) {
		t.Fatal("no match on resource ARN prefix")
	}
}

func TestParseRules(t *testing.T) {
	rules, err := alert.ParseRules([]byte("- name: gsv\n  event_name: GetSecretValue\n  count: 1001\n  window: 5m\n- name: denied\n  error_code_prefix: AccessDenied\n  count: 5\n  window: 1m\n  group_by: principal\n"))
	if err != nil || len(rules) != 2 || rules[0].Window != 5*time.Minute || rules[1].GroupBy != "principal" {
		t.Fatalf("rules %+v, %v", rules, err)
	}
	for _, bad := range []string{"- name: x\n  count: 0\n  window: 1m\n", "- name: x\n  count: 1\n  window: 1m\n  colour: red\n", "- name: x\n  count: 1\n  window: soon\n"} {
		if _, err := alert.ParseRules([]byte(bad)); err == nil {
			t.Errorf("ParseRules(%q) accepted", bad)
		}
	}
}

func TestWebhook_SignedAndRetried(t *testing.T) {
	var mu sync.Mutex
	var calls int
	got := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if !webhook.Verify([]byte("hook-secret"), body, r.Header.Get(webhook.SignatureHeader)) {
			t.Errorf("bad signature %q", r.Header.Get("X-Arca-Signature"))
		}
		if n < 3 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		got <- body
	}))
	defer srv.Close()
	w, err := alert.NewWebhook(alert.WebhookConfig{URL: srv.URL, Secret: "hook-secret", Backoff: time.Millisecond, Attempts: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.Send(alert.Alert{Rule: "gsv", Count: 1001})
	select {
	case body := <-got:
		if want := `"rule":"gsv"`; !contains(string(body), want) {
			t.Fatalf("body %s lacks %s", body, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery after retries")
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 3 {
		t.Fatalf("%d attempts, want 3", calls)
	}
}

func TestEngine_ObserveNeverBlocks(t *testing.T) {
	block := make(chan struct{})
	e, err := alert.New(alert.Config{Rules: []alert.Rule{{Name: "all", Count: 1, Window: time.Hour}}, Queue: 2, Sinks: []alert.Sink{sinkFunc(func(alert.Alert) { <-block })}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		e.Observe(ev("GetSecretValue", "p", ""))
	}
	if e.Dropped() == 0 {
		t.Fatal("a full queue dropped nothing")
	}
	close(block)
	_ = e.Close()
}

type sinkFunc func(alert.Alert)

func (f sinkFunc) Send(a alert.Alert) { f(a) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
