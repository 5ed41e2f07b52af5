package alert

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arca-vault/arca/internal/audit"
)

// Alert is one raised alert. It names the rule, the count and window, the
// principal (for a rule grouped by principal) and the event that crossed
// the threshold; never a secret (events hold none).
type Alert struct {
	Rule        string    `json:"rule"`
	Count       int       `json:"count"`
	Window      string    `json:"window"`
	Principal   string    `json:"principal,omitempty"`
	Time        time.Time `json:"time"`
	EventName   string    `json:"eventName"`
	EventSource string    `json:"eventSource"`
	EventID     string    `json:"eventID"`
	SourceIP    string    `json:"sourceIPAddress,omitempty"`
	ErrorCode   string    `json:"errorCode,omitempty"`
}

// Sink receives alerts. Send must not block for long: the webhook sink
// queues and retries on its own goroutine.
type Sink interface {
	Send(a Alert)
}

// Config configures an Engine.
type Config struct {
	Rules []Rule
	Sinks []Sink
	// Queue bounds the events waiting for evaluation; default 4096. When
	// it is full, events are dropped and counted (Dropped).
	Queue int
	// Now is the clock of the sliding windows; default time.Now.
	Now func() time.Time
	// Fired is called for each alert (the Prometheus counter); optional.
	Fired func(rule string)
}

// Engine evaluates rules over observed events.
type Engine struct {
	cfg     Config
	in      chan *audit.Event
	dropped atomic.Uint64
	done    chan struct{}
	stop    sync.Once

	mu     sync.Mutex
	groups map[groupKey]*window
}

type groupKey struct {
	rule  int
	group string
}

// window holds the times of the latest matches of one rule and group, at
// most Count of them: that is all the threshold needs.
type window struct {
	times []time.Time
	quiet time.Time // no new alert before this time
}

// maxGroups bounds the per-principal state; idle groups are dropped when
// it is reached.
const maxGroups = 10000

// New validates the rules and starts the engine's goroutine; Close stops
// it.
func New(cfg Config) (*Engine, error) {
	cfg.Rules = slices.Clone(cfg.Rules) // compiled here, the caller's left alone
	for i := range cfg.Rules {
		if err := cfg.Rules[i].Validate(); err != nil {
			return nil, err
		}
		cfg.Rules[i].compile()
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 4096
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Engine{cfg: cfg, in: make(chan *audit.Event, cfg.Queue), done: make(chan struct{}), groups: map[groupKey]*window{}}
	go e.run()
	return e, nil
}

// Observe queues ev for evaluation without blocking; a full queue drops it
// (counted by Dropped). It is the audit log's Observe hook.
func (e *Engine) Observe(ev *audit.Event) {
	if e == nil || len(e.cfg.Rules) == 0 {
		return
	}
	select {
	case e.in <- ev:
	default:
		e.dropped.Add(1)
	}
}

// Dropped returns how many events were dropped because the queue was full.
func (e *Engine) Dropped() uint64 { return e.dropped.Load() }

// Close stops the engine after the queued events are evaluated.
func (e *Engine) Close() error {
	e.stop.Do(func() { close(e.in) })
	<-e.done
	return nil
}

func (e *Engine) run() {
	defer close(e.done)
	for ev := range e.in {
		for _, a := range e.Evaluate(ev) {
			e.dispatch(a)
		}
	}
}

// dispatch hands a to every sink, then counts it: whoever sees the counter
// move (a test, a dashboard) finds the alert already logged and queued.
func (e *Engine) dispatch(a Alert) {
	for _, s := range e.cfg.Sinks {
		s.Send(a)
	}
	if e.cfg.Fired != nil {
		e.cfg.Fired(a.Rule)
	}
}

// Evaluate counts ev against every rule at the engine's clock and returns
// the alerts it raises. It is what the engine's goroutine runs; tests call
// it directly.
func (e *Engine) Evaluate(ev *audit.Event) []Alert {
	now := e.cfg.Now()
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Alert
	for i := range e.cfg.Rules {
		r := &e.cfg.Rules[i]
		if !r.Match(ev) {
			continue
		}
		k := groupKey{rule: i}
		if r.GroupBy == "principal" {
			k.group = ev.UserIdentity.ARN
		}
		w := e.groups[k]
		if w == nil {
			if len(e.groups) >= maxGroups {
				e.prune(now)
			}
			w = &window{}
			e.groups[k] = w
		}
		cut := now.Add(-r.Window)
		n := 0
		for n < len(w.times) && !w.times[n].After(cut) {
			n++
		}
		w.times = append(w.times[n:], now)
		if len(w.times) > r.Count {
			w.times = w.times[len(w.times)-r.Count:]
		}
		if len(w.times) < r.Count || now.Before(w.quiet) {
			continue
		}
		w.quiet = now.Add(r.Window)
		out = append(out, Alert{
			Rule: r.Name, Count: len(w.times), Window: r.Window.String(), Principal: k.group, Time: now,
			EventName: ev.EventName, EventSource: ev.EventSource, EventID: ev.EventID,
			SourceIP: ev.SourceIPAddress, ErrorCode: ev.ErrorCode,
		})
	}
	return out
}

// prune drops the groups with no match inside their rule's window.
func (e *Engine) prune(now time.Time) {
	for k, w := range e.groups {
		r := &e.cfg.Rules[k.rule]
		if len(w.times) == 0 || !w.times[len(w.times)-1].After(now.Add(-r.Window)) {
			delete(e.groups, k)
		}
	}
}

// LogSink writes each alert as one structured warning.
type LogSink struct{ Log *slog.Logger }

// Send implements Sink.
func (s LogSink) Send(a Alert) {
	s.Log.LogAttrs(context.Background(), slog.LevelWarn, "audit alert",
		slog.String("rule", a.Rule), slog.Int("count", a.Count), slog.String("window", a.Window),
		slog.String("principal", a.Principal), slog.String("event_name", a.EventName),
		slog.String("event_id", a.EventID), slog.String("source_ip", a.SourceIP), slog.String("error_code", a.ErrorCode))
}

// String describes the rule for logs.
func (r Rule) String() string {
	return fmt.Sprintf("%s (%d in %s)", r.Name, r.Count, r.Window)
}
