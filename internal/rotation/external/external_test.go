package external_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/rotation/external"
	"github.com/arca-vault/arca/internal/webhook"
)

var ev = rotation.Event{SecretID: "arn:aws:secretsmanager:us-east-1:000000000000:secret:app-AbCdEf", ClientRequestToken: "0123456789abcdef0123456789abcdef", Step: rotation.StepSet} // arca:allow test data, not a secret

func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fn.sh")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCommandGetsEventAndEnv(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seen")
	fn := &external.Command{Name: "fn", Argv: []string{script(t, `cat > "$OUT.json"; env > "$OUT.env"`)},
		Env: map[string]string{"OUT": out, "AWS_ACCESS_KEY_ID": "AKIDFN"}, Endpoint: func() string { return "http://127.0.0.1:4566" }}
	if err := fn.Invoke(context.Background(), nil, ev); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(out + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var got rotation.Event
	if err := json.Unmarshal(raw, &got); err != nil || got != ev {
		t.Fatalf("event %s: %v", raw, err)
	}
	env, _ := os.ReadFile(out + ".env")
	for _, want := range []string{"ARCA_ENDPOINT=http://127.0.0.1:4566", "AWS_ENDPOINT_URL=http://127.0.0.1:4566", "ARCA_STEP=setSecret", "AWS_ACCESS_KEY_ID=AKIDFN", "ARCA_SECRET_ID=" + ev.SecretID} {
		if !strings.Contains(string(env), want+"\n") {
			t.Errorf("environment lacks %s", want)
		}
	}
}

func TestCommandFailureHidesOutput(t *testing.T) {
	fn := &external.Command{Name: "fn", Argv: []string{script(t, `echo "password=hunter2"; echo "hunter2" >&2; exit 3`)}}
	err := fn.Invoke(context.Background(), nil, ev)
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "stdout 17 bytes") {
		t.Fatalf("error %v", err)
	}
}

func TestCommandTimeoutKillsGroup(t *testing.T) {
	fn := &external.Command{Name: "fn", Argv: []string{script(t, `sleep 30 & wait`)}, Timeout: 200 * time.Millisecond}
	began := time.Now()
	err := fn.Invoke(context.Background(), nil, ev)
	if err == nil || !strings.Contains(err.Error(), "timed out") || time.Since(began) > 5*time.Second {
		t.Fatalf("error %v after %v", err, time.Since(began))
	}
}

func TestWebhookSigns(t *testing.T) {
	key := []byte("0123456789abcdef-webhook-key")
	status := http.StatusNoContent
	var got rotation.Event
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || !webhook.Verify(key, body, r.Header.Get(webhook.SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		_ = json.Unmarshal(body, &got)
		w.WriteHeader(status)
	}))
	defer srv.Close()
	fn := &external.Webhook{Name: "hook", URL: srv.URL, Key: key}
	if err := fn.Invoke(context.Background(), nil, ev); err != nil || got != ev {
		t.Fatalf("invoke: %v, event %+v", err, got)
	}
	status = http.StatusInternalServerError
	if err := fn.Invoke(context.Background(), nil, ev); err == nil || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("a 500 answer: %v", err)
	}
	bad := &external.Webhook{Name: "hook", URL: srv.URL, Key: []byte("another key of sixteen")}
	if err := bad.Invoke(context.Background(), nil, ev); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Fatalf("a wrong key: %v", err)
	}
}

func TestWebhookTimeout(t *testing.T) {
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		}
	}))
	defer srv.Close()
	defer close(done)
	fn := &external.Webhook{Name: "hook", URL: srv.URL, Key: []byte("0123456789abcdef"), Timeout: 100 * time.Millisecond}
	if err := fn.Invoke(context.Background(), nil, ev); err == nil || !strings.Contains(err.Error(), "did not answer") {
		t.Fatalf("error %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	_ = os.WriteFile(keyFile, []byte("0123456789abcdef0123\n"), 0o600)
	good := filepath.Join(dir, "good.json")
	_ = os.WriteFile(good, []byte(`{"functions":[{"name":"cmd","command":["/bin/true"],"timeout":"5s"},{"name":"hook","webhook":"http://127.0.0.1:1/x","secret_file":"`+keyFile+`"}]}`), 0o600)
	reg, err := external.Load(good, nil)
	if err != nil || len(reg) != 2 {
		t.Fatalf("load: %v %v", reg, err)
	}
	for name, body := range map[string]string{
		"unknown key": `{"functions":[{"name":"x","command":["/bin/true"],"shell":true}]}`,
		"both kinds":  `{"functions":[{"name":"x","command":["/bin/true"],"webhook":"http://x"}]}`,
		"reserved":    `{"functions":[{"name":"arca-rotate-x","command":["/bin/true"]}]}`,
		"duplicate":   `{"functions":[{"name":"x","command":["/bin/true"]},{"name":"x","command":["/bin/true"]}]}`,
		"no key":      `{"functions":[{"name":"x","webhook":"http://x"}]}`,
		"bad timeout": `{"functions":[{"name":"x","command":["/bin/true"],"timeout":"soon"}]}`,
	} {
		p := filepath.Join(dir, "bad.json")
		_ = os.WriteFile(p, []byte(body), 0o600)
		if _, err := external.Load(p, nil); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
