package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/arca-vault/arca/internal/server"
)

// serveMain runs the arca server in this process, in dev mode (credentials
// test/test; in memory, or over the embedded store with --data-dir), the
// way "arca server --dev" does, and serves net/http/pprof on a second
// loopback listener so that "run --arca-pprof" can take a CPU profile of
// exactly each measured window (and /debug/pprof/trace gives an execution
// trace, whose blocking profiles show where wall time goes). It is for
// profiling; measure with the real binary.
func serveMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "arca's listen address (loopback only)")
	pprofListen := fs.String("pprof-listen", "127.0.0.1:0", "the /debug/pprof/ listen address (loopback only)")
	dataDir := fs.String("data-dir", "", "the embedded store's directory (default: in memory)")
	discard := fs.Bool("audit-discard", false, "build every audit event and keep none (the audit benchmark's baseline)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkListen(*listen); err != nil {
		return err
	}
	server.TuneGC()
	srv, err := server.Open(ctx, server.Config{Dev: true, DataDir: *dataDir, Listen: *listen, Audit: server.AuditConfig{Discard: *discard}})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := srv.Listen()
	if err != nil {
		return err
	}
	pln, err := listenLoopback(*pprofListen)
	if err != nil {
		ln.Close()
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ps := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = ps.Serve(pln) }()
	defer ps.Close()
	fmt.Fprintf(stdout, "arca-bench serve: pprof on http://%s\n", pln.Addr())
	fmt.Fprintf(stdout, "arca-bench serve: listening on http://%s\n", ln.Addr())
	if err := srv.Serve(ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
