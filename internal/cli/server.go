package cli

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/arca-vault/arca/internal/server"
	"github.com/spf13/cobra"
)

func serverCmd() *cobra.Command {
	var cfg server.Config
	var logLevel, logFormat string
	var audit auditFlags
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Run the arca server",
		Long: `Run the arca server: every dialect (SSM Parameter Store, KMS, ...) on one address.

  arca server --dev                 throwaway in-memory server, credentials test/test
  arca server --data-dir DIR        persistent embedded store; first start prints the root access key
  arca server --storage postgres://... --root-key-file FILE   shared PostgreSQL storage

Every flag can also be given as ARCA_<FLAG> in the environment (e.g. ARCA_DATA_DIR).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := envFallback(cmd.Flags()); err != nil {
				return err
			}
			if err := audit.apply(&cfg.Audit); err != nil {
				return err
			}
			log, err := newLogger(cmd.ErrOrStderr(), logLevel, logFormat)
			if err != nil {
				return err
			}
			cfg.Log = log
			server.TuneGC()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv, err := server.Open(ctx, cfg)
			if err != nil {
				return err
			}
			defer srv.Close()
			ln, err := srv.Listen()
			if err != nil {
				return err
			}
			scheme := "http"
			if cfg.TLSCert != "" {
				scheme = "https"
			}
			out := cmd.OutOrStdout()
			if srv.NewAccessKeyID != "" {
				fmt.Fprintf(out, "arca: new store initialised. Root access key (shown once, keep it safe):\n  AWS_ACCESS_KEY_ID=%s\n  AWS_SECRET_ACCESS_KEY=%s\n", srv.NewAccessKeyID, srv.NewSecretAccessKey)
			}
			mode := "persistent"
			if cfg.Dev {
				mode = "dev (credentials test/test)"
			}
			fmt.Fprintf(out, "arca: listening on %s://%s — %s\n", scheme, ln.Addr(), mode)
			log.Info("arca server started", "addr", ln.Addr().String(), "dev", cfg.Dev, "data_dir", cfg.DataDir)
			err = srv.Serve(ctx, ln)
			log.Info("arca server stopped")
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&cfg.Dev, "dev", false, "dev mode: credentials test/test; in-memory store unless --data-dir")
	f.StringVar(&cfg.DataDir, "data-dir", "", "directory of the embedded store and the root key file")
	f.StringVar(&cfg.Storage, "storage", "", "storage backend URL (postgres://...); default: the embedded store in --data-dir")
	f.StringVar(&cfg.RootKeyFile, "root-key-file", "", "root key file (default DATA_DIR/root.key)")
	f.StringVar(&cfg.Listen, "listen", "127.0.0.1:4566", "listen address")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "TLS certificate (PEM)")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "TLS private key (PEM)")
	f.BoolVar(&cfg.InsecureListen, "insecure-listen", false, "allow a non-loopback listen address without TLS")
	f.StringVar(&cfg.Account, "account-id", "000000000000", "the account id")
	f.StringVar(&cfg.Region, "region", "us-east-1", "the default region")
	f.StringVar(&cfg.RotationFunctions, "rotation-functions", "", "JSON file of external rotation functions (commands, webhooks); see docs/rotation.md")
	f.Var(oidcIssuers{&cfg.OIDCIssuers}, "oidc-issuer", "OIDC issuer trusted by AssumeRoleWithWebIdentity: URL,jwks=FILE_OR_URL[,audience=AUD...] (repeatable; see docs/configuration.md)")
	f.StringVar(&cfg.NodeID, "node-id", "", "this server's name among servers sharing a store, for rotation leases (default hostname/listen address)")
	f.StringVar(&logLevel, "log-level", "info", "log level: debug, info, warn, error")
	f.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	audit.register(f, &cfg.Audit)
	return cmd
}

func newLogger(w interface{ Write([]byte) (int, error) }, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: %w", level, err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: use text or json", format)
}
