package e2e_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/jackc/pgx/v5"
)

// TestBackends_SSMRoundTrip runs the same SSM round trip over every storage
// backend the server can use: memory, the embedded store and PostgreSQL.
func TestBackends_SSMRoundTrip(t *testing.T) {
	backends := map[string]func(t *testing.T) server.Config{
		"memory":   func(t *testing.T) server.Config { return server.Config{} },
		"embedded": func(t *testing.T) server.Config { return server.Config{DataDir: t.TempDir()} },
		"postgres": postgresConfig,
	}
	for name, cfg := range backends {
		t.Run(name, func(t *testing.T) {
			e := start(t, cfg(t))
			ctx := context.Background()
			c := e.ssm("eu-central-1")
			for i, v := range []string{"first", "second"} {
				out, err := c.PutParameter(ctx, &ssm.PutParameterInput{
					Name: aws.String("/svc/prod/db/password"), Value: aws.String(v + "-value"),
					Type: types.ParameterTypeSecureString, Overwrite: aws.Bool(i > 0),
				})
				if err != nil {
					t.Fatal(err)
				}
				if out.Version != int64(i+1) {
					t.Fatalf("version %d, want %d", out.Version, i+1)
				}
			}
			got, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/svc/prod/db/password:1"), WithDecryption: aws.Bool(true)})
			if err != nil || aws.ToString(got.Parameter.Value) != "first-value" {
				t.Fatalf("get :1 = %v, %v", got, err)
			}
			page, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/svc"), Recursive: aws.Bool(true), WithDecryption: aws.Bool(true)})
			if err != nil || len(page.Parameters) != 1 || aws.ToString(page.Parameters[0].Value) != "second-value" {
				t.Fatalf("by path = %+v, %v", page, err)
			}
		})
	}
}

// postgresConfig points the server at a fresh schema of the test database,
// dropped when the test ends. It skips when ARCA_TEST_POSTGRES_URL is unset.
func postgresConfig(t *testing.T) server.Config {
	url := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; skipping the PostgreSQL backend (CI sets it)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	schema := fmt.Sprintf("arca_e2e_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		_ = conn.Close(context.Background())
	})
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return server.Config{Storage: url + sep + "search_path=" + schema, RootKeyFile: t.TempDir() + "/root.key"}
}
