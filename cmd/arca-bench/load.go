package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// workload is the request stream of a run: one operation and one body per
// name; each request picks a body at random.
type workload struct {
	kind    string   // get, put, smget, smbatch, smput
	op      string   // the X-Amz-Target, e.g. AmazonSSM.GetParameter
	bodies  [][]byte // one request body per name
	preload *workload
}

// getName and putName are the parameter names of the two workloads.
func getName(i int) string { return fmt.Sprintf("/bench/p/%05d", i) }
func putName(i int) string { return fmt.Sprintf("/bench/w/%05d", i) }

// newWorkload builds the bodies of workload kind over n names: "get" reads
// /bench/p/NNNNN WithDecryption; "put" overwrites /bench/w/NNNNN with a
// SecureString of valueSize bytes.
// The Secrets Manager workloads: "smget" reads secrets /bench/s/NNNNN
// (GetSecretValue), "smbatch" reads 20 of them at once
// (BatchGetSecretValue), "smput" adds versions to /bench/ws/NNNNN
// (PutSecretValue); each creates its secrets first (preload).
func newWorkload(kind string, n, valueSize int) (*workload, error) {
	switch kind {
	case "get":
		w := &workload{kind: kind, op: "AmazonSSM.GetParameter", preload: putWorkload(getName, n, valueSize)}
		for i := range n {
			w.bodies = append(w.bodies, fmt.Appendf(nil, `{"Name":%q,"WithDecryption":true}`, getName(i)))
		}
		return w, nil
	case "put":
		return putWorkload(putName, n, valueSize), nil
	case "smget":
		w := &workload{kind: kind, op: "secretsmanager.GetSecretValue", preload: createSecrets(smName, n, valueSize)}
		for i := range n {
			w.bodies = append(w.bodies, fmt.Appendf(nil, `{"SecretId":%q}`, smName(i)))
		}
		return w, nil
	case "smbatch":
		w := &workload{kind: kind, op: "secretsmanager.BatchGetSecretValue", preload: createSecrets(smName, n, valueSize)}
		rng := rand.New(rand.NewPCG(3, 4))
		for range 1000 {
			ids := make([]string, 20)
			for j := range ids {
				ids[j] = smName(rng.IntN(n))
			}
			body, _ := json.Marshal(map[string][]string{"SecretIdList": ids})
			w.bodies = append(w.bodies, body)
		}
		return w, nil
	case "smput":
		w := &workload{kind: kind, op: "secretsmanager.PutSecretValue", preload: createSecrets(smPutName, n, 16)}
		for i, v := range values(n, valueSize) {
			w.bodies = append(w.bodies, fmt.Appendf(nil, `{"SecretId":%q,"SecretString":%q}`, smPutName(i), v))
		}
		return w, nil
	}
	return nil, fmt.Errorf("--workload %q: use get, put, smget, smbatch or smput", kind)
}

func smName(i int) string    { return fmt.Sprintf("bench/s/%05d", i) }
func smPutName(i int) string { return fmt.Sprintf("bench/ws/%05d", i) }

// createSecrets creates name(0..n-1) with values of valueSize bytes.
func createSecrets(name func(int) string, n, valueSize int) *workload {
	w := &workload{kind: "create", op: "secretsmanager.CreateSecret"}
	for i, v := range values(n, valueSize) {
		w.bodies = append(w.bodies, fmt.Appendf(nil, `{"Name":%q,"SecretString":%q}`, name(i), v))
	}
	return w
}

// values returns n random alphanumeric strings of size bytes; their
// content does not matter, only their size.
func values(n, size int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	out := make([]string, n)
	b := make([]byte, size)
	for i := range out {
		for j := range b {
			b[j] = letters[rng.IntN(len(letters))]
		}
		out[i] = string(b)
	}
	return out
}

// putWorkload overwrites name(0..n-1) with SecureStrings of valueSize bytes.
func putWorkload(name func(int) string, n, valueSize int) *workload {
	w := &workload{kind: "put", op: "AmazonSSM.PutParameter"}
	for i, v := range values(n, valueSize) {
		w.bodies = append(w.bodies, fmt.Appendf(nil,
			`{"Name":%q,"Value":%q,"Type":"SecureString","Overwrite":true}`, name(i), v))
	}
	return w
}

// client sends signed SSM requests to one server over a pool of keep-alive
// connections, signing each request as it goes, as an SDK client does.
type client struct {
	url    string
	http   *http.Client
	signer *v4.Signer
	creds  aws.Credentials
	region string
}

// newClient returns a client for url whose transport keeps conns
// connections open. Close its idle connections when done.
func newClient(url string, conns int, creds aws.Credentials, region string) *client {
	tr := &http.Transport{
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{
		url:    url,
		http:   &http.Client{Transport: tr, Timeout: 30 * time.Second},
		signer: v4.NewSigner(),
		creds:  creds,
		region: region,
	}
}

// do signs and sends one request and reads the whole response. The latency
// runs from sending to the last response byte; signing is not in it. Any
// answer but 200 is an error.
func (c *client) do(ctx context.Context, op string, body []byte) (time.Duration, error) {
	prefix, _, _ := strings.Cut(op, ".")
	service := "ssm"
	if prefix == "secretsmanager" {
		service = "secretsmanager"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", op)
	sum := sha256.Sum256(body)
	if err := c.signer.SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), service, c.region, time.Now()); err != nil {
		return 0, fmt.Errorf("sign: %w", err)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		_, _ = io.Copy(io.Discard, resp.Body)
		return time.Since(start), fmt.Errorf("%s: status %d: %s", op, resp.StatusCode, msg)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, fmt.Errorf("%s: read response: %w", op, err)
	}
	return time.Since(start), nil
}

// tally is what one phase of load produced.
type tally struct {
	latencies []time.Duration // of every answered request, unsorted
	requests  int             // sent and finished, errors included
	errors    int
	firstErr  error
}

// load runs conns workers sending w's requests, each picking a body at
// random, until the deadline passes or limit requests have been started.
// With record false the latencies are not kept (the warm-up).
func (c *client) load(ctx context.Context, w *workload, conns int, until time.Time, limit int64, record bool) tally {
	ctx, cancel := context.WithDeadline(ctx, until.Add(30*time.Second))
	defer cancel()
	var started atomic.Int64
	parts := make([]tally, conns)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			t := &parts[i]
			if record {
				t.latencies = make([]time.Duration, 0, min(limit/int64(conns)+1, 1<<16))
			}
			for ctx.Err() == nil && time.Now().Before(until) && started.Add(1) <= limit {
				d, err := c.do(ctx, w.op, w.bodies[rand.IntN(len(w.bodies))])
				t.requests++
				if err != nil {
					t.errors++
					if t.firstErr == nil {
						t.firstErr = err
					}
				}
				if record && d > 0 {
					t.latencies = append(t.latencies, d)
				}
			}
		})
	}
	wg.Wait()
	var all tally
	for _, p := range parts {
		all.latencies = append(all.latencies, p.latencies...)
		all.requests += p.requests
		all.errors += p.errors
		if all.firstErr == nil {
			all.firstErr = p.firstErr
		}
	}
	return all
}

// each sends op with every body exactly once over conns workers and fails
// on the first error: the preload of the get workload's parameters.
func (c *client) each(ctx context.Context, op string, bodies [][]byte, conns int) error {
	var next atomic.Int64
	errs := make([]error, conns)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			for {
				j := next.Add(1) - 1
				if j >= int64(len(bodies)) || ctx.Err() != nil {
					return
				}
				if _, err := c.do(ctx, op, bodies[j]); err != nil {
					errs[i] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}
