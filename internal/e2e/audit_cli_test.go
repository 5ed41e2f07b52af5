package e2e_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/cli"
	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestAudit_CLI: verify over the export route (with the key exported by
// public-key), search and who-read against a running server; verify of a
// stopped server's data dir; a denied export.
func TestAudit_CLI(t *testing.T) {
	dir := t.TempDir()
	e, _ := startIAMWith(t, server.Config{DataDir: dir})
	ctx := context.Background()
	sm := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	must(sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("prod/db"), SecretString: aws.String("pw-1")}))
	reader, readerARN := userSM(t, e, "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	for i := 0; i < 3; i++ {
		must(reader.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("prod/db")}))
	}
	for k, v := range map[string]string{"ARCA_ENDPOINT": e.url, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1"} {
		t.Setenv(k, v)
	}

	code, pub, stderr := runCLI(t, "audit", "public-key")
	if code != 0 || !strings.Contains(pub, "BEGIN PUBLIC KEY") {
		t.Fatalf("public-key: exit %d, %s %s", code, pub, stderr)
	}
	keyFile := filepath.Join(t.TempDir(), "audit.pem")
	if err := os.WriteFile(keyFile, []byte(pub), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "audit", "verify", "--public-key", keyFile)
	if code != 0 || !strings.HasPrefix(out, "intact: ") {
		t.Fatalf("verify --endpoint: exit %d: %s %s", code, out, stderr)
	}

	code, out, stderr = runCLI(t, "audit", "who-read", "prod/db", "--since", "1d")
	if code != 0 || strings.Count(out, readerARN) < 4 || !strings.Contains(out, "     3  "+readerARN) {
		t.Fatalf("who-read: exit %d:\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "audit", "search", "--event-name", "CreateSecret", "--since", "1h")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "CreateSecret") {
		t.Fatalf("search: exit %d:\n%s\n%s", code, out, stderr)
	}
	code, out, _ = runCLI(t, "audit", "tail", "-n", "3")
	if code != 0 || strings.Count(out, "\n") != 3 {
		t.Fatalf("tail: exit %d:\n%s", code, out)
	}

	// The export needs root or arca:ExportAuditLog.
	ak, sk := makeUser(t, e.iam(), "nosy", "")
	t.Setenv("AWS_ACCESS_KEY_ID", ak)
	t.Setenv("AWS_SECRET_ACCESS_KEY", sk)
	if code, out, stderr := runCLI(t, "audit", "verify", "--public-key", keyFile); code == 0 || !strings.Contains(stderr, "AccessDenied") {
		t.Fatalf("verify by a user without arca:ExportAuditLog: exit %d %s %s", code, out, stderr)
	}
	// Unsigned: refused.
	resp, err := http.Get(e.url + server.ExportPath)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode < 400 || !strings.Contains(string(b), "MissingAuthenticationToken") {
		t.Fatalf("unsigned export: %d %s", resp.StatusCode, b)
	}

	// The stopped server's data dir.
	_ = e.srv.Close()
	t.Setenv("ARCA_ENDPOINT", "")
	code, out, stderr = runCLI(t, "audit", "verify", "--data-dir", dir)
	if code != 0 || !strings.HasPrefix(out, "intact: ") {
		t.Fatalf("verify --data-dir: exit %d: %s %s", code, out, stderr)
	}
}

// TestAudit_Postgres: with PostgreSQL storage the events go to PostgreSQL
// and LookupEvents reads them back.
func TestAudit_Postgres(t *testing.T) {
	cfg := postgresConfig(t)
	e, _ := startIAMWith(t, cfg)
	ctx := context.Background()
	sm := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	must(sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("pg/db"), SecretString: aws.String("pg-secret-value")}))
	must(sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("pg/db")}))
	_, evs := lookupAll(t, e.trail(), "EventName", "GetSecretValue")
	if len(evs) != 1 || evs[0].RequestParameters["secretId"] != "pg/db" {
		t.Fatalf("events %+v", evs)
	}
}
