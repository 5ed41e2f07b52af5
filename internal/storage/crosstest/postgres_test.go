package crosstest_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/arca-vault/arca/internal/storage/postgres"
)

// openPostgres opens a store on a table of its own, dropped when t ends.
func openPostgres(t *testing.T, url string) *postgres.Store {
	table := "arca_crosstest_" + strings.ToLower(rand.Text())
	s, err := postgres.Open(t.Context(), url, &postgres.Options{Table: table})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		ctx := context.Background() // t.Context is done before cleanups run
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop table %s: %v", table, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP TABLE "+pgx.Identifier{table}.Sanitize()); err != nil {
			t.Errorf("drop table %s: %v", table, err)
		}
	})
	return s
}
