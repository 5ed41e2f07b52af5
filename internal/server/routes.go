package server

import (
	"context"
	"net/http"
	"time"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", s.health)
	mux.HandleFunc("GET /ready", s.readiness)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("POST /{$}", s.serveAWS)
	mux.HandleFunc("GET "+ExportPath, s.exportAudit)
	mux.HandleFunc("GET "+PublicKeyPath, s.auditPublicKey)
	return mux
}

// health is liveness: the process serves HTTP.
func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
}

// readiness: the store answers, the keys are loaded and the audit log
// accepts events.
func (s *Server) readiness(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	storeErr := s.pingStore(ctx)
	var auditErr error
	if s.audit != nil {
		auditErr = s.audit.Healthy()
	}
	w.Header().Set("Content-Type", "application/json")
	if !s.ready.Load() || storeErr != nil || auditErr != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"status":"unavailable","store":` + okString(storeErr == nil) + `,"keys":` + okString(s.root != nil) + `,"audit":` + okString(auditErr == nil) + `}` + "\n"))
		return
	}
	_, _ = w.Write([]byte(`{"status":"ready","store":"ok","keys":"ok","audit":"ok"}` + "\n"))
}

func okString(ok bool) string {
	if ok {
		return `"ok"`
	}
	return `"unavailable"`
}

func (s *Server) pingStore(ctx context.Context) error {
	if p, ok := s.store.(storage.Pinger); ok {
		return p.Ping(ctx)
	}
	return s.store.View(ctx, func(tx storage.Tx) error {
		_, err := tx.List([]byte("sys/"), nil, 1)
		return err
	})
}
