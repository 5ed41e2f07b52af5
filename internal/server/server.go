package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/arca-vault/arca/internal/access"
	"github.com/arca-vault/arca/internal/alert"
	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/bolt"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/storage/postgres"
	"github.com/arca-vault/arca/internal/wire/awscloudtrail"
	"github.com/arca-vault/arca/internal/wire/awsiam"
	"github.com/arca-vault/arca/internal/wire/awsjson"
	"github.com/arca-vault/arca/internal/wire/awskms"
	"github.com/arca-vault/arca/internal/wire/awsquery"
	"github.com/arca-vault/arca/internal/wire/awssecrets"
	"github.com/arca-vault/arca/internal/wire/awsssm"
	"github.com/arca-vault/arca/internal/wire/awssts"
	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// Server is a running arca: its store, keys, services and HTTP handler.
type Server struct {
	cfg      Config
	log      *slog.Logger
	store    storage.Store
	root     *keyring.Root
	identity *identity.Service
	sigKeys  sigv4.KeyCache     // derived SigV4 signing keys, shared by every request
	access   *access.Authorizer // decides every request of every dialect
	kms      *kms.Service
	params   *params.Service
	secrets  *secrets.Service
	dialects map[string]*awsjson.Service  // by X-Amz-Target prefix
	query    map[string]*awsquery.Service // AWS Query dialects by signing name
	metrics  *metrics
	audit    auditLog   // nil: no audit (never in a served configuration)
	auditLog *audit.Log // the same log, for its key and Close
	lookup   awscloudtrail.Lookup
	// auditSink is the log's sink, read by the export route.
	auditSink audit.Sink
	alerts    *alert.Engine
	webhook   *alert.Webhook // nil without a webhook URL
	handler   http.Handler
	tls       *tls.Config // nil: plain HTTP
	ready     atomic.Bool
	rotation  *rotation.Scheduler // runs rotations and KMS key rotation while Serve runs
	endpoint  string              // the served URL, for external rotation commands; set by Serve

	// Credentials created at first start, to be shown once by the caller.
	NewAccessKeyID, NewSecretAccessKey string
}

// Open builds a Server from cfg: opens (and on first start initialises) the
// store and the root key, and assembles the services. It refuses a store
// that the root key cannot decrypt.
func Open(ctx context.Context, cfg Config) (*Server, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Log}
	if cfg.TLSCert != "" {
		// Load the certificate before anything is created, so that a bad
		// one fails the start before a store or a key is initialised.
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("load TLS certificate: %w", err)
		}
		s.tls = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	var err error
	if s.store, err = openStore(ctx, &cfg); err != nil {
		return nil, err
	}
	if err := s.initKeys(ctx); err != nil {
		_ = s.store.Close()
		return nil, err
	}
	s.identity = identity.New(identity.Config{Store: s.store, Root: s.root, Account: cfg.Account, Region: cfg.Region, Now: cfg.Now})
	s.access = access.New(s.identity, access.Config{Now: cfg.Now, SecureTransport: s.tls != nil})
	s.kms = kms.New(kms.Config{Store: s.store, Root: s.root, Account: cfg.Account, Now: cfg.Now, Authorizer: s.access})
	s.secrets = secrets.New(secrets.Config{Store: s.store, KMS: s.kms, Now: cfg.Now, Log: s.log, Authorizer: s.access})
	s.params = params.New(params.Config{Store: s.store, KMS: s.kms, Now: cfg.Now, Secrets: referenceSource(s.secrets), Authorizer: s.access})
	if err := s.initCredentials(ctx); err != nil {
		_ = s.store.Close()
		return nil, err
	}
	s.metrics = newMetrics()
	if err := s.openRotation(); err != nil {
		_ = s.store.Close()
		return nil, err
	}
	if err := s.openAudit(ctx); err != nil {
		_ = s.closeAudit()
		_ = s.store.Close()
		return nil, fmt.Errorf("open audit log: %w", err)
	}
	s.dialects = map[string]*awsjson.Service{}
	for _, d := range []*awsjson.Service{awsssm.New(s.params, s.log), awskms.New(s.kms, s.log), awssecrets.New(s.secrets, s.log), awscloudtrail.New(s.lookup, s.authorizeIAM, s.log)} {
		s.dialects[d.TargetPrefix] = d
	}
	s.dialects[awscloudtrail.ShortTargetPrefix] = s.dialects[awscloudtrail.TargetPrefix]
	s.query = map[string]*awsquery.Service{
		"iam": awsiam.New(s.identity, s.authorizeIAM, s.log),
		"sts": awssts.New(s.identity, awssts.Config{Issuers: cfg.OIDCIssuers, Now: cfg.Now, Log: s.log}),
	}
	s.handler = s.routes()
	s.ready.Store(true)
	return s, nil
}

func openStore(ctx context.Context, cfg *Config) (storage.Store, error) {
	switch {
	case isPostgres(cfg.Storage):
		st, err := postgres.Open(ctx, cfg.Storage, nil)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL storage: %w", err)
		}
		return st, nil
	case cfg.Storage != "":
		return nil, fmt.Errorf("--storage %q: only postgres:// URLs are supported (the embedded store is the default)", redactURL(cfg.Storage))
	case cfg.DataDir != "":
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		st, err := bolt.Open(filepath.Join(cfg.DataDir, "arca.db"), nil)
		if err != nil {
			return nil, fmt.Errorf("open embedded store in %s: %w", cfg.DataDir, err)
		}
		return st, nil
	}
	return memory.New(), nil
}

// redactURL drops the user info of a URL-like string before it is printed.
func redactURL(s string) string {
	if i := strings.Index(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			return s[:j+3] + "…" + s[i:]
		}
	}
	return s
}

// Handler returns the HTTP handler that serves every dialect.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln until ctx is done, then shuts down gracefully: the
// listener closes, in-flight requests finish (up to ShutdownTimeout).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{Handler: s.handler, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	// The KMS key purger deletes keys whose deletion window has passed; it
	// stops with Serve.
	pctx, stopPurger := context.WithCancel(ctx)
	purged := make(chan struct{})
	go func() { defer close(purged); s.kms.RunPurger(pctx, time.Minute, s.log) }()
	defer func() { stopPurger(); <-purged }()
	sessionsPurged := make(chan struct{}) // expired STS credentials
	go func() { defer close(sessionsPurged); s.identity.RunPurger(pctx, time.Minute, s.log) }()
	defer func() { stopPurger(); <-sessionsPurged }()
	secretsPurged := make(chan struct{}) // deleted secrets past their recovery window
	go func() { defer close(secretsPurged); s.secrets.RunPurger(pctx, time.Minute) }()
	defer func() { stopPurger(); <-secretsPurged }()
	rotated := make(chan struct{}) // the rotation scheduler; it releases its leases when stopped
	go func() { defer close(rotated); s.runRotation(pctx, ln) }()
	defer func() { stopPurger(); <-rotated }()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// Listen opens the configured listener, with TLS when configured.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil || s.tls == nil {
		return ln, err
	}
	return tls.NewListener(ln, s.tls), nil
}

// Close closes the audit log (after the last request's event) and the
// store. Call it after Serve has returned.
func (s *Server) Close() error {
	return errors.Join(s.closeAudit(), s.store.Close())
}
