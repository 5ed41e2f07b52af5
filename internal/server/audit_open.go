package server

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/file"
	"github.com/arca-vault/arca/internal/audit/pgsink"
	"github.com/arca-vault/arca/internal/wire/awscloudtrail"
)

// openAudit opens the audit log on the sink the storage calls for (or the
// injected one), and the alert engine it feeds.
func (s *Server) openAudit(ctx context.Context) error {
	cfg := s.cfg.Audit
	sinks := []alert.Sink{alert.LogSink{Log: s.log}}
	if cfg.WebhookURL != "" {
		w, err := alert.NewWebhook(alert.WebhookConfig{URL: cfg.WebhookURL, Secret: cfg.WebhookSecret, Log: s.log})
		if err != nil {
			return err
		}
		s.webhook = w
		sinks = append(sinks, w)
	}
	e, err := alert.New(alert.Config{Rules: cfg.Rules, Sinks: sinks, Now: s.cfg.Now, Fired: func(rule string) { s.metrics.alerts.WithLabelValues(rule).Inc() }})
	if err != nil {
		return err
	}
	s.alerts = e
	sink := cfg.Sink
	if sink == nil && cfg.Discard {
		sink = audit.NewDiscardSink()
	}
	var bound uint64
	if sink == nil {
		if sink, err = s.openAuditSink(ctx); err != nil {
			return err
		}
		if _, inMemory := sink.(*audit.MemorySink); inMemory {
			// A dev server in memory keeps nothing across restarts; it
			// keeps the newest events, not every event of its life.
			bound = devAuditRecords
		}
	}
	s.auditSink = sink
	signer, err := audit.LoadSigner(ctx, s.store, s.root)
	if err != nil {
		_ = sink.Close()
		return fmt.Errorf("audit signing key: %w", err)
	}
	l, err := audit.New(ctx, audit.Config{
		Sink: sink, Signer: signer, Timeout: cfg.Timeout, CheckpointEvery: cfg.CheckpointEvery,
		CheckpointInterval: cfg.CheckpointInterval, Retention: cfg.Retention, MaxRecords: bound, Now: s.cfg.Now, Log: s.log,
		Observe: e.Observe,
	})
	if err != nil {
		_ = sink.Close()
		return err
	}
	s.auditLog, s.audit = l, l
	s.lookup = func(ctx context.Context, q awscloudtrail.Query) (*awscloudtrail.Page, error) {
		p, err := l.Lookup(ctx, audit.Query{Attribute: q.Attribute, Value: q.Value, Start: q.Start, End: q.End, Max: q.Max, Token: q.Token})
		if err != nil {
			return nil, err
		}
		out := &awscloudtrail.Page{Next: p.Next, Events: make([]awscloudtrail.Found, 0, len(p.Events))}
		for _, f := range p.Events {
			// An intent without its event (a crash, or a failure after
			// the change) is evidence for verify, not an API call with an
			// outcome: LookupEvents shows events only.
			if f.Intent {
				continue
			}
			out.Events = append(out.Events, awscloudtrail.Found{Event: f.Event, Raw: f.Raw, Username: f.Username})
		}
		return out, nil
	}
	return nil
}

// devAuditRecords bounds the in-memory log of a dev server without a data
// dir: about 25,000 records (~30 MB), pruned as retention prunes.
const devAuditRecords = 25_000

// openAuditSink opens the sink that goes with the storage: PostgreSQL for
// postgres storage, files in DATA_DIR/audit for the embedded store, memory
// for a dev server without a data dir.
func (s *Server) openAuditSink(ctx context.Context) (audit.Sink, error) {
	switch {
	case isPostgres(s.cfg.Storage):
		return pgsink.Dial(ctx, s.cfg.Storage, nil)
	case s.cfg.DataDir != "":
		return file.Open(filepath.Join(s.cfg.DataDir, "audit"), &file.Options{Log: s.log})
	}
	return audit.NewMemorySink(), nil
}

// closeAudit stops the alert engine and closes the audit log, after the
// last request's event.
func (s *Server) closeAudit() error {
	var errs []error
	if s.auditLog != nil {
		errs = append(errs, s.auditLog.Close())
	}
	if s.alerts != nil {
		errs = append(errs, s.alerts.Close())
	}
	if s.webhook != nil {
		errs = append(errs, s.webhook.Close())
	}
	return errors.Join(errs...)
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
