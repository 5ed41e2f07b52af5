package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/arca-vault/arca/internal/webhook"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Webhook posts each alert as JSON to URL with the header
// X-Arca-Signature: sha256=<hex HMAC-SHA256 of the body keyed with
// Secret>, retrying failures (network errors, 5xx, 429) with exponential
// backoff. Deliveries run on one goroutine behind a bounded queue, so Send
// never blocks; alerts that do not fit are dropped and counted.
type Webhook struct {
	url     string
	secret  []byte
	client  *http.Client
	log     *slog.Logger
	tries   int
	backoff time.Duration
	sleep   func(context.Context, time.Duration) error

	queue   chan Alert
	dropped atomic.Uint64
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	once    sync.Once
}

// WebhookConfig configures a Webhook.
type WebhookConfig struct {
	URL    string
	Secret string // HMAC key; required
	Client *http.Client
	Log    *slog.Logger
	// Attempts is the number of tries per alert (default 5); Backoff the
	// first wait, doubled after each failure (default 1s).
	Attempts int
	Backoff  time.Duration
	Queue    int // default 256
}

// NewWebhook starts a webhook sink; Close stops it.
func NewWebhook(c WebhookConfig) (*Webhook, error) {
	if c.URL == "" || c.Secret == "" {
		return nil, fmt.Errorf("alert webhook: a URL and a secret are required")
	}
	if c.Client == nil {
		c.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Attempts <= 0 {
		c.Attempts = 5
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Second
	}
	if c.Queue <= 0 {
		c.Queue = 256
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &Webhook{
		url: c.URL, secret: []byte(c.Secret), client: c.Client, log: c.Log, tries: c.Attempts, backoff: c.Backoff,
		sleep: sleepCtx, queue: make(chan Alert, c.Queue), ctx: ctx, cancel: cancel, done: make(chan struct{}),
	}
	go w.run()
	return w, nil
}

// Send implements Sink: it queues a without blocking.
func (w *Webhook) Send(a Alert) {
	select {
	case w.queue <- a:
	default:
		w.dropped.Add(1)
		w.log.Warn("alert webhook queue full; alert dropped", "rule", a.Rule)
	}
}

// Dropped returns how many alerts did not fit the queue.
func (w *Webhook) Dropped() uint64 { return w.dropped.Load() }

// Close stops deliveries; queued alerts not yet sent are abandoned.
func (w *Webhook) Close() error {
	w.once.Do(func() { w.cancel(); close(w.queue) })
	<-w.done
	return nil
}

func (w *Webhook) run() {
	defer close(w.done)
	for a := range w.queue {
		if err := w.deliver(a); err != nil && w.ctx.Err() == nil {
			w.log.Error("alert webhook delivery failed", "rule", a.Rule, "err", err)
		}
	}
}

func (w *Webhook) deliver(a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	sig := webhook.Sign(w.secret, body)
	wait := w.backoff
	var last error
	for i := 0; i < w.tries; i++ {
		if i > 0 {
			if err := w.sleep(w.ctx, wait); err != nil {
				return err
			}
			wait *= 2
		}
		if last = w.post(body, sig); last == nil {
			return nil
		}
	}
	return fmt.Errorf("after %d attempts: %w", w.tries, last)
}

func (w *Webhook) post(body []byte, sig string) error {
	req, err := http.NewRequestWithContext(w.ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.SignatureHeader, sig)
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
