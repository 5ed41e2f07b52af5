package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// baselineGet is the baseline's answer to every request but PutParameter: a
// GetParameter response of a 1 KiB SecureString, the size arca returns.
var baselineGet = []byte(`{"Parameter":{"ARN":"arn:aws:ssm:us-east-1:000000000000:parameter/bench/p/00000",` +
	`"DataType":"text","LastModifiedDate":1.7e9,"Name":"/bench/p/00000","Type":"SecureString",` +
	`"Value":"` + strings.Repeat("v", 1024) + `","Version":1}}`)

// baselinePut is the baseline's answer to PutParameter.
var baselinePut = []byte(`{"Tier":"Standard","Version":1}`)

// baselineHandler is "a bare signed POST": it reads the body and answers a
// small fixed JSON response. It verifies nothing, decodes nothing and stores
// nothing, so it is the floor that net/http and loopback TCP cost.
func baselineHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	})
	mux.HandleFunc("POST /{$}", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20)); err != nil {
			http.Error(w, "read body", http.StatusBadRequest)
			return
		}
		body := baselineGet
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".PutParameter") {
			body = baselinePut
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
		_, _ = w.Write(body)
	})
	return mux
}

// baselineMain serves baselineHandler on --listen until ctx is done. It
// prints "listening on http://ADDR" once the listener is open, so a caller
// can ask for port 0 and read the port back.
func baselineMain(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "listen address (loopback only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ln, err := listenLoopback(*listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: baselineHandler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "arca-bench baseline: listening on http://%s\n", ln.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// listenLoopback opens a TCP listener on addr, which must be on 127.0.0.1.
func listenLoopback(addr string) (net.Listener, error) {
	if err := checkListen(addr); err != nil {
		return nil, err
	}
	return net.Listen("tcp", addr)
}

// checkListen accepts host:port listen addresses on 127.0.0.1 only.
func checkListen(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if host != "127.0.0.1" {
		return fmt.Errorf("listen address %q: only 127.0.0.1 is allowed", addr)
	}
	return nil
}
