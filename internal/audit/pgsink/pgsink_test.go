package pgsink_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/audit/audittest"
	"github.com/arca-vault/arca/internal/audit/pgsink"
)

// testURL returns ARCA_TEST_POSTGRES_URL or skips t.
func testURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL to run the audit pgsink tests")
	}
	return url
}

// table returns a table name of its own for t, dropped when t ends.
func table(t testing.TB, url string) string {
	t.Helper()
	name := "arca_audit_test_" + strings.ToLower(rand.Text())
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		for _, n := range []string{name, name + "_head"} {
			if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS "+pgx.Identifier{n}.Sanitize()); err != nil {
				t.Errorf("drop %s: %v", n, err)
			}
		}
	})
	return name
}

func dial(t testing.TB, url, name string) *pgsink.Sink {
	t.Helper()
	s, err := pgsink.Dial(context.Background(), url, &pgsink.Options{Table: name})
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSink(t *testing.T) {
	url := testURL(t)
	audittest.Run(t, func(t *testing.T) audit.Sink { return dial(t, url, table(t, url)) })
}

// Two nodes (two Logs, two pools) append to one database at once: one
// chain, intact, holding every event.
func TestSink_TwoNodes(t *testing.T) {
	url := testURL(t)
	name := table(t, url)
	a, b := dial(t, url, name), dial(t, url, name)
	la := audittest.NewLog(t, a, func(c *audit.Config) { c.CheckpointEvery = 25 })
	lb := audittest.NewLog(t, b, func(c *audit.Config) { c.CheckpointEvery = 25 })
	const workers, each = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		l := la
		if w%2 == 1 {
			l = lb
		}
		wg.Go(func() {
			for i := range each {
				if err := l.Record(context.Background(), audittest.Event(w*each+i)); err != nil {
					t.Errorf("Record: %v", err)
				}
			}
		})
	}
	wg.Wait()
	if err := la.Close(); err != nil {
		t.Fatal(err)
	}
	if err := lb.Close(); err != nil {
		t.Fatal(err)
	}
	rep := audittest.MustVerify(t, dial(t, url, name))
	if rep.Events != workers*each || rep.Unsigned != 0 {
		t.Errorf("report = %+v, want %d events, all signed", rep, workers*each)
	}
}

// Rows removed in the database are detected (the file sink's tests cover
// every kind of tampering; the chain logic is the same).
func TestSink_TamperedRow(t *testing.T) {
	url := testURL(t)
	name := table(t, url)
	s := dial(t, url, name)
	l := audittest.NewLog(t, s, nil)
	for i := range 30 {
		if err := l.Record(context.Background(), audittest.Event(i)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx := context.Background()
	pub := audittest.Key().Public().(ed25519.PublicKey)
	for _, tc := range []struct {
		sql     string
		bad     uint64
		problem string
	}{
		{"DELETE FROM " + pgx.Identifier{name}.Sanitize() + " WHERE seq > 30", 31, "truncated"},
		{"DELETE FROM " + pgx.Identifier{name}.Sanitize() + " WHERE seq = 5", 5, "removed"},
	} {
		if _, err := pool.Exec(ctx, tc.sql); err != nil {
			t.Fatal(err)
		}
		rep, err := audit.Verify(ctx, dial(t, url, name), pub, audit.VerifyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK || rep.FirstBad != tc.bad || !strings.HasPrefix(rep.Problem, tc.problem) {
			t.Errorf("after %q: %+v", tc.sql, rep)
		}
	}
}
