package e2e_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/jackc/pgx/v5"
)

// The built-in PostgreSQL rotator through the whole product: the binary's
// scheduler runs arca-rotate-postgres-single-user on a secret created and
// rotated with the SDK, and the role's password on the real server changes
// to the one AWSCURRENT now holds. (The four steps' rules — idempotency,
// old password refused, alternating users — are tested against the real
// servers in internal/rotation/dbrotate.)
func TestRotation_PostgresSingleUser(t *testing.T) {
	admin := os.Getenv("ARCA_TEST_POSTGRES_URL")
	if admin == "" {
		t.Skip("ARCA_TEST_POSTGRES_URL is not set; skipping the PostgreSQL rotation (CI sets it)")
	}
	arcaBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	db, err := pgx.Connect(ctx, admin)
	wantOK(t, err)
	defer db.Close(context.Background())
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	role := "arca_e2e_" + hex.EncodeToString(b)
	_, err = db.Exec(ctx, "CREATE ROLE "+role+" WITH LOGIN PASSWORD 'initial-pw-1'")
	wantOK(t, err)
	t.Cleanup(func() { _, _ = db.Exec(context.Background(), "DROP ROLE IF EXISTS "+role) })
	verifier := func() string {
		var v string
		wantOK(t, db.QueryRow(ctx, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", role).Scan(&v))
		return v
	}
	before := verifier()

	u, err := url.Parse(admin)
	wantOK(t, err)
	port, _ := strconv.Atoi(u.Port())
	value, _ := json.Marshal(map[string]any{"engine": "postgres", "host": u.Hostname(), "port": port,
		"username": role, "password": "initial-pw-1", "dbname": u.Path[1:]})

	p := startArca(t, nil, "server", "--dev", "--data-dir", filepath.Join(t.TempDir(), "data"), "--listen", "127.0.0.1:0")
	c := p.sm()
	smCreate(t, c, "rds/app", string(value))
	r, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId:          aws.String("rds/app"),
		RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:000000000000:function:arca-rotate-postgres-single-user"),
		RotationRules:     &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)},
	})
	wantOK(t, err)
	token := aws.ToString(r.VersionId)
	waitFor(t, 60*time.Second, func() bool {
		out, err := c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("rds/app")})
		return err == nil && aws.ToString(out.VersionId) == token
	})
	var cur map[string]any
	wantOK(t, json.Unmarshal([]byte(aws.ToString(smGet(t, c, "rds/app").SecretString)), &cur))
	if pw, _ := cur["password"].(string); pw == "" || pw == "initial-pw-1" || cur["username"] != role {
		t.Fatalf("AWSCURRENT after the rotation: username %v, password changed: %v", cur["username"], pw != "initial-pw-1")
	}
	if verifier() == before {
		t.Fatal("the role's password on the server did not change")
	}
	prev := smGet(t, c, "rds/app", func(in *secretsmanager.GetSecretValueInput) { in.VersionStage = aws.String("AWSPREVIOUS") })
	if aws.ToString(prev.SecretString) != string(value) {
		t.Fatal("AWSPREVIOUS is not the old value")
	}
	if st := smStages(t, c, "rds/app"); st["AWSPENDING"] != "" && st["AWSPENDING"] != token {
		t.Fatalf("stages after the rotation: %v", st)
	}
}
