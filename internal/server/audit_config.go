package server

import (
	"fmt"
	"time"

	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/audit"
)

// AuditConfig configures the audit log and its alerts. The log's sink
// follows the storage: memory for --dev without a data dir, files in
// DATA_DIR/audit for the embedded store, PostgreSQL for postgres storage.
type AuditConfig struct {
	// Timeout bounds one durable write; a request whose event cannot be
	// written within it fails (default 2s).
	Timeout time.Duration
	// CheckpointEvery and CheckpointInterval: a signed checkpoint every N
	// events or T, whichever comes first (defaults 1000 and 1m).
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// Retention prunes events older than this; 0 keeps every event.
	Retention time.Duration

	// Rules raise alerts on unusual access (see package alert).
	Rules []alert.Rule
	// WebhookURL receives alerts as JSON signed with WebhookSecret
	// (header X-Arca-Signature: sha256=HMAC).
	WebhookURL, WebhookSecret string

	// Sink replaces the sink the storage calls for: tests inject a failing
	// or stalling one.
	Sink audit.Sink

	// Discard builds every event but keeps none (audit.DiscardSink). It is
	// the baseline of the benchmark that measures what durable audit costs,
	// and is refused outside dev mode: a real server always audits.
	Discard bool
}

func (c *AuditConfig) setDefaults() {
	if c.Timeout == 0 {
		c.Timeout = 2 * time.Second
	}
	if c.CheckpointEvery == 0 {
		c.CheckpointEvery = 1000
	}
	if c.CheckpointInterval == 0 {
		c.CheckpointInterval = time.Minute
	}
}

func (c *AuditConfig) validate(dev bool) error {
	if c.Discard && !dev {
		return fmt.Errorf("--audit-discard is for benchmarks of a --dev server only: a real server always audits")
	}
	if c.Timeout < 0 || c.CheckpointEvery < 0 || c.CheckpointInterval < 0 || c.Retention < 0 {
		return fmt.Errorf("audit: timeouts, intervals and counts must not be negative")
	}
	if (c.WebhookURL == "") != (c.WebhookSecret == "") {
		return fmt.Errorf("--audit-webhook-url and --audit-webhook-secret must be given together")
	}
	for i := range c.Rules {
		if err := c.Rules[i].Validate(); err != nil {
			return err
		}
	}
	return nil
}
