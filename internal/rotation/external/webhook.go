package external

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/webhook"
)

// Webhook is a rotation function behind an HTTP endpoint: each step POSTs
// the JSON event, signed as package webhook signs; a 2xx answer is success. The
// answer's body is read and dropped, never logged.
type Webhook struct {
	Name    string
	URL     string
	Key     []byte
	Timeout time.Duration // 0 = DefaultTimeout
	Client  *http.Client  // nil = a client without redirects
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Invoke runs one step. Errors: EInternal (no answer, a timeout, or a
// status outside 2xx).
func (w *Webhook) Invoke(ctx context.Context, _ rotation.Secrets, ev rotation.Event) error {
	body, err := json.Marshal(ev)
	if err != nil {
		return arca.Internal(err)
	}
	timeout := w.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return arca.Errorf(arca.EInternal, "The rotation webhook %s has an invalid URL.", w.Name)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(w.Key, body))
	client := w.Client
	if client == nil {
		client = noRedirects
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return arca.Errorf(arca.EInternal, "The rotation webhook %s did not answer within %s in %s.", w.Name, timeout, ev.Step)
		}
		return arca.Errorf(arca.EInternal, "The rotation webhook %s could not be reached in %s.", w.Name, ev.Step)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return arca.Errorf(arca.EInternal, "The rotation webhook %s answered HTTP %d in %s.", w.Name, resp.StatusCode, ev.Step)
	}
	return nil
}
