package postgres_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/arca-vault/arca/internal/storage"
	"github.com/arca-vault/arca/internal/storage/postgres"
	"github.com/arca-vault/arca/internal/storage/storagetest"
)

// testURL returns ARCA_TEST_POSTGRES_URL or skips t.
func testURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL to run the postgres engine tests")
	}
	return url
}

// open opens a store on a table of its own, dropped when t ends, so that
// tests and parallel runs do not see each other.
func open(t testing.TB, opts *postgres.Options) *postgres.Store {
	t.Helper()
	url := testURL(t)
	var o postgres.Options
	if opts != nil {
		o = *opts
	}
	o.Table = "arca_test_" + strings.ToLower(rand.Text())
	s, err := postgres.Open(t.Context(), url, &o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		ctx := context.Background() // t.Context is done before cleanups run
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop table %s: %v", o.Table, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP TABLE "+pgx.Identifier{o.Table}.Sanitize()); err != nil {
			t.Errorf("drop table %s: %v", o.Table, err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return open(t, nil) })
}

func TestStore_Ping(t *testing.T) {
	s := open(t, nil)
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestOpen_badTable(t *testing.T) {
	for _, name := range []string{"a-b", "x; drop table y", "1abc", "a.b"} {
		if _, err := postgres.Open(t.Context(), "postgres://localhost/none", &postgres.Options{Table: name}); err == nil {
			t.Errorf("Open with table %q succeeded", name)
		}
	}
}
