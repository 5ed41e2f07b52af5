package rotation_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/rotation"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage/postgres"
	"github.com/jackc/pgx/v5"
)

// Two nodes, each with its own connection pool on one PostgreSQL table (as
// two servers sharing --storage), race for the same due rotations: each
// createSecret runs exactly once.
func TestTwoNodesRacePostgres(t *testing.T) {
	url := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; set it to a PostgreSQL URL to race two nodes over PostgreSQL")
	}
	table := "arca_test_rot_" + strings.ToLower(rand.Text())
	open := func() *postgres.Store {
		st, err := postgres.Open(t.Context(), url, &postgres.Options{Table: table})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	sa, sb := open(), open()
	t.Cleanup(func() {
		_ = sa.Close()
		_ = sb.Close()
		ctx := context.Background()
		if conn, err := pgx.Connect(ctx, url); err == nil {
			_, _ = conn.Exec(ctx, "DROP TABLE "+pgx.Identifier{table}.Sanitize())
			_ = conn.Close(ctx)
		}
	})
	a, b := newNode(t, sa), newNode(t, sb)
	const n = 12
	for i := range n {
		// No scheduler yet: each rotation waits, due, with its AWSPENDING.
		createSecret(t, a.svc, fmt.Sprintf("app/%02d", i), "rec", &secrets.Rules{AfterDays: 30}, true)
	}
	rec := &recorder{}
	fast := func(c *rotation.Config) { c.Poll = 20 * time.Millisecond }
	a.start(t, "a", rotation.Registry{"rec": rec}, fast)
	b.start(t, "b", rotation.Registry{"rec": rec}, fast)
	deadline := time.Now().Add(30 * time.Second)
	for len(rec.count(rotation.StepFinish)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d rotations finished", len(rec.count(rotation.StepFinish)), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a double run would show by now
	for _, step := range rotation.Steps {
		for tok, c := range rec.count(step) {
			if c != 1 {
				t.Errorf("%s ran %d times for %s", step, c, tok)
			}
		}
	}
	for i := range n {
		if s := describe(t, b.svc, fmt.Sprintf("app/%02d", i)); s.Rotation.PendingVersion != "" || s.Rotation.Result != secrets.ResultSucceeded {
			t.Errorf("app/%02d: %+v", i, s.Rotation)
		}
	}
}
