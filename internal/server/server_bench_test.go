package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// signedRequest builds an SSM request signed with the dev credentials.
func signedRequest(tb testing.TB, op, body string) *http.Request {
	tb.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:4566/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AmazonSSM."+op)
	sum := sha256.Sum256([]byte(body))
	err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"},
		req, hex.EncodeToString(sum[:]), "ssm", "us-east-1", time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

func do(tb testing.TB, h http.Handler, op, body string) *httptest.ResponseRecorder {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, signedRequest(tb, op, body))
	return rec
}

// BenchmarkGetParameterWithDecryption measures the server's own cost of a
// signed GetParameter of a 1 KiB SecureString, without the network: the
// request is pre-signed, so only verification, lookup, decryption and
// encoding are timed.
func BenchmarkGetParameterWithDecryption(b *testing.B) {
	srv, err := server.Open(context.Background(), server.Config{Dev: true})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	val := strings.Repeat("v", 1024)
	if rec := do(b, h, "PutParameter", fmt.Sprintf(`{"Name":"/bench/p","Value":%q,"Type":"SecureString"}`, val)); rec.Code != 200 {
		b.Fatalf("put: %d %s", rec.Code, rec.Body)
	}
	body := `{"Name":"/bench/p","WithDecryption":true}`
	reqs := make([]*http.Request, 0, 1024)
	for range 1024 {
		reqs = append(reqs, signedRequest(b, "GetParameter", body))
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		r := reqs[i%len(reqs)].Clone(context.Background())
		r.Body = ioNop(body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("get: %d %s", rec.Code, rec.Body)
		}
		i++
	}
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func ioNop(s string) nopCloser { return nopCloser{bytes.NewReader([]byte(s))} }

// BenchmarkPutParameterDurable measures concurrent durable PutParameter
// (SecureString, 1 KiB, overwrite) over the embedded store, in-process: 32
// writers share group commits.
func BenchmarkPutParameterDurable(b *testing.B) {
	srv, err := server.Open(context.Background(), server.Config{Dev: true, DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	val := strings.Repeat("v", 1024)
	var n atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := fmt.Sprintf(`{"Name":"/bench/w/%05d","Value":%q,"Type":"SecureString","Overwrite":true}`, n.Add(1)%10000, val)
			if rec := do(b, h, "PutParameter", body); rec.Code != 200 {
				b.Errorf("put: %d %s", rec.Code, rec.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "puts/s")
}

// BenchmarkGetParameterParallel is BenchmarkGetParameterWithDecryption from
// 32 goroutines: the audit log's group commit batches their events as the
// load generator's 32 connections do.
func BenchmarkGetParameterParallel(b *testing.B) {
	srv, err := server.Open(context.Background(), server.Config{Dev: true, Audit: server.AuditConfig{Discard: os.Getenv("BENCH_AUDIT_DISCARD") != ""}})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	h := srv.Handler()
	val := strings.Repeat("v", 1024)
	if rec := do(b, h, "PutParameter", fmt.Sprintf(`{"Name":"/bench/p","Value":%q,"Type":"SecureString"}`, val)); rec.Code != 200 {
		b.Fatalf("put: %d %s", rec.Code, rec.Body)
	}
	body := `{"Name":"/bench/p","WithDecryption":true}`
	reqs := make([]*http.Request, 4096)
	for i := range reqs {
		reqs[i] = signedRequest(b, "GetParameter", body)
	}
	var n atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := reqs[n.Add(1)%int64(len(reqs))]
			r.Body = io.NopCloser(strings.NewReader(body))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != 200 {
				b.Errorf("get: %d %s", rec.Code, rec.Body)
				return
			}
		}
	})
}
