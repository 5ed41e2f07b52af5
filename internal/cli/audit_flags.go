package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/server"
	"github.com/spf13/pflag"
)

// auditFlags are `arca server`'s audit flags that need reading before they
// become server.AuditConfig (files).
type auditFlags struct {
	rulesFile, secretFile string
}

func (a *auditFlags) register(f *pflag.FlagSet, c *server.AuditConfig) {
	f.DurationVar(&c.Timeout, "audit-timeout", 2*time.Second, "fail a request whose audit event is not durable within this time")
	f.IntVar(&c.CheckpointEvery, "audit-checkpoint-every", 1000, "write a signed audit checkpoint every N events")
	f.DurationVar(&c.CheckpointInterval, "audit-checkpoint-interval", time.Minute, "... or after this much time, whichever comes first")
	f.DurationVar(&c.Retention, "audit-retention", 0, "prune audit events older than this (e.g. 8760h); 0 keeps everything")
	f.StringVar(&a.rulesFile, "audit-alert-rules", "", "YAML file of alert rules (see docs/audit.md)")
	f.StringVar(&c.WebhookURL, "audit-webhook-url", "", "POST alerts as JSON to this URL")
	f.StringVar(&a.secretFile, "audit-webhook-secret-file", "", "file holding the webhook's HMAC key (or $ARCA_AUDIT_WEBHOOK_SECRET)")
	f.BoolVar(&c.Discard, "audit-discard", false, "benchmarks only, --dev only: build every audit event but keep none")
	_ = f.MarkHidden("audit-discard")
}

// apply reads the files the flags name into c.
func (a *auditFlags) apply(c *server.AuditConfig) error {
	if a.rulesFile != "" {
		b, err := os.ReadFile(a.rulesFile)
		if err != nil {
			return fmt.Errorf("--audit-alert-rules: %w", err)
		}
		if c.Rules, err = alert.ParseRules(b); err != nil {
			return fmt.Errorf("--audit-alert-rules %s: %w", a.rulesFile, err)
		}
	}
	switch {
	case a.secretFile != "":
		b, err := os.ReadFile(a.secretFile)
		if err != nil {
			return fmt.Errorf("--audit-webhook-secret-file: %w", err)
		}
		c.WebhookSecret = strings.TrimSpace(string(b))
	default:
		c.WebhookSecret = os.Getenv("ARCA_AUDIT_WEBHOOK_SECRET")
	}
	return nil
}
