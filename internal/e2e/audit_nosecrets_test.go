package e2e_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/arca-vault/arca/internal/wire/awscloudtrail"
	"github.com/arca-vault/arca/internal/wire/awsiam"
	"github.com/arca-vault/arca/internal/wire/awskms"
	"github.com/arca-vault/arca/internal/wire/awssecrets"
	"github.com/arca-vault/arca/internal/wire/awsssm"
	"github.com/arca-vault/arca/internal/wire/awssts"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// errorBodies keeps every non-2xx response body the server wrote.
type errorBodies struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (b *errorBodies) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code >= 300 {
			b.mu.Lock()
			b.bodies = append(b.bodies, rec.Body.Bytes())
			b.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// randValue is a secret value with characters that URL encoding changes.
func randValue(prefix string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return prefix + "+/" + hex.EncodeToString(b) + "=&!"
}

// TestAudit_NoSecretAnywhere stores values through every dialect, calls
// every operation of every dialect (with the values in every member that
// can carry one, so most calls fail), and then scans the audit log, the
// server's log output and every error response for every value in plain,
// base64 and URL-encoded forms: there must be no hit.
func TestAudit_NoSecretAnywhere(t *testing.T) {
	var logs lockedBuffer
	var errs errorBodies
	dir := t.TempDir()
	c := &clock{t: time.Now().UTC()}
	srv, err := server.Open(context.Background(), server.Config{Dev: true, DataDir: dir, Now: c.now,
		Log: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(errs.wrap(srv.Handler()))
	defer hs.Close()
	e := &iamEnv{env: &env{t: t, srv: srv, url: hs.URL}, clk: c}
	ctx := context.Background()

	vParam, vSecret, vBinary, vPlain, vPassword := randValue("param"), randValue("secret"), randValue("binary"), randValue("plain"), randValue("Pw1!")
	values := []string{vParam, vSecret, vBinary, vPlain, vPassword}

	root := e.creds("test", "test", "")
	sc, sm, kc, ic := ssm.NewFromConfig(root), secretsmanager.NewFromConfig(root), kms.NewFromConfig(root), iam.NewFromConfig(root)
	must(sc.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/prod/app/KEY"), Value: aws.String(vParam), Type: ssmtypes.ParameterTypeSecureString}))
	must(sc.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/app/KEY"), WithDecryption: aws.Bool(true)}))
	must(sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("app/db"), SecretString: aws.String(vSecret)}))
	must(sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("app/bin"), SecretBinary: []byte(vBinary)}))
	must(sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("app/db")}))
	must(sm.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("app/db"), SecretString: aws.String(vSecret + "2")}))
	values = append(values, vSecret+"2")
	rp := must(sm.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{}))
	values = append(values, aws.ToString(rp.RandomPassword))
	key := must(kc.CreateKey(ctx, &kms.CreateKeyInput{}))
	enc := must(kc.Encrypt(ctx, &kms.EncryptInput{KeyId: key.KeyMetadata.KeyId, Plaintext: []byte(vPlain)}))
	must(kc.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob}))
	dk := must(kc.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{KeyId: key.KeyMetadata.KeyId, NumberOfBytes: aws.Int32(32)}))
	must(ic.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice")}))
	ak := must(ic.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("alice")}))
	values = append(values, aws.ToString(ak.AccessKey.SecretAccessKey))
	_, _ = ic.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String(vPassword)})
	must(ic.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("task"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	cr := must(sts.NewFromConfig(root).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/task"), RoleSessionName: aws.String("s1")}))
	values = append(values, aws.ToString(cr.Credentials.SecretAccessKey), aws.ToString(cr.Credentials.SessionToken))
	// Denied reads by a user without permissions.
	alice := secretsmanager.NewFromConfig(e.creds(*ak.AccessKey.AccessKeyId, *ak.AccessKey.SecretAccessKey, ""))
	_, err = alice.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String("app/db")})
	wantCode(t, err, "AccessDeniedException")
	// A bad signature by a real key.
	bad := secretsmanager.NewFromConfig(e.creds(*ak.AccessKey.AccessKeyId, "wrong"+vPassword, ""))
	_, err = bad.PutSecretValue(ctx, &secretsmanager.PutSecretValueInput{SecretId: aws.String("app/db"), SecretString: aws.String(vSecret)})
	wantCode(t, err, "InvalidSignatureException")

	// Every operation of every dialect, with values in every secret member.
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	jsonBody := map[string]any{
		"Name": "/prod/app/KEY", "Value": vParam, "Type": "SecureString", "Overwrite": true, "WithDecryption": true,
		"Names": []string{"/prod/app/KEY"}, "Path": "/prod", "SecretId": "app/db", "SecretString": vSecret,
		"SecretBinary": b64(vBinary), "Plaintext": b64(vPlain), "KeyId": aws.ToString(key.KeyMetadata.KeyId),
		"CiphertextBlob": base64.StdEncoding.EncodeToString(enc.CiphertextBlob), "SecretIdList": []string{"app/db"},
		"Description": vSecret, "ResourcePolicy": `{"Version":"2012-10-17","Statement":[]}`, "Labels": []string{"l1"},
		"Tags": []map[string]string{{"Key": "k", "Value": vParam}}, "Message": b64(vPlain),
	}
	ops := map[string]map[string]bool{}
	for _, d := range []interface {
		dialect() (string, string, map[string]bool)
	}{opsOf{"ssm", awsssm.New(nil, nil).TargetPrefix, keys(awsssm.New(nil, nil).Ops)},
		opsOf{"secretsmanager", awssecrets.New(nil, nil).TargetPrefix, keys(awssecrets.New(nil, nil).Ops)},
		opsOf{"kms", awskms.New(nil, nil).TargetPrefix, keys(awskms.New(nil, nil).Ops)},
		opsOf{"cloudtrail", awscloudtrail.TargetPrefix, map[string]bool{"LookupEvents": true}}} {
		svc, prefix, names := d.dialect()
		ops[svc] = names
		for _, op := range sortedKeys(names) {
			body, _ := json.Marshal(jsonBody)
			rawCall(t, e.url, svc, "POST", map[string]string{"X-Amz-Target": prefix + "." + op, "Content-Type": "application/x-amz-json-1.1"}, body)
		}
	}
	form := url.Values{
		"UserName": {"alice"}, "Password": {vPassword}, "NewPassword": {vPassword}, "OldPassword": {vPassword},
		"RoleName": {"task"}, "RoleArn": {"arn:aws:iam::000000000000:role/task"}, "RoleSessionName": {"s2"},
		"PolicyDocument": {`{"Version":"2012-10-17","Statement":[]}`}, "PolicyName": {"p"}, "AccessKeyId": {*ak.AccessKey.AccessKeyId},
		"WebIdentityToken": {vSecret}, "SerialNumber": {"x"}, "TokenCode": {"123456"},
	}
	for svc, names := range map[string]map[string]bool{"iam": keys(awsiam.New(nil, nil, nil).Ops), "sts": keys(awssts.New(nil, awssts.Config{}).Ops)} {
		ops[svc] = names
		for _, op := range sortedKeys(names) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("Action", op)
			f.Set("Version", map[string]string{"iam": "2010-05-08", "sts": "2011-06-15"}[svc])
			rawCall(t, e.url, svc, "POST", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, []byte(f.Encode()))
		}
	}
	_ = dk

	// Collect the audit log: every event through LookupEvents, and every
	// file the log wrote.
	var audit bytes.Buffer
	p := cloudtrail.NewLookupEventsPaginator(cloudtrail.NewFromConfig(root), &cloudtrail.LookupEventsInput{})
	events := 0
	for p.HasMorePages() {
		out := must(p.NextPage(ctx))
		for _, ev := range out.Events {
			events++
			b, _ := json.Marshal(ev)
			audit.Write(b)
		}
	}
	total := 0
	for _, n := range ops {
		total += len(n)
	}
	if events < total {
		t.Fatalf("%d events for %d operations called", events, total)
	}
	hs.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			files[path] = b
		}
		return nil
	})

	forms := func(v string) []string {
		return []string{v, base64.StdEncoding.EncodeToString([]byte(v)), base64.RawURLEncoding.EncodeToString([]byte(v)), url.QueryEscape(v), url.PathEscape(v)}
	}
	scan := func(what string, data []byte) {
		for _, v := range values {
			for _, f := range forms(v) {
				if bytes.Contains(data, []byte(f)) {
					t.Errorf("%s holds a secret value (%q)", what, f)
				}
			}
		}
	}
	scan("the audit events", audit.Bytes())
	scan("the server log", logs.Bytes())
	for i, b := range errs.bodies {
		scan("error response #"+strconv.Itoa(i), b)
	}
	for path, b := range files {
		scan(path, b)
	}
	if len(errs.bodies) < total/2 {
		t.Errorf("only %d error responses: the calls did not exercise failures", len(errs.bodies))
	}
	t.Logf("%d events, %d error bodies, %d log bytes, %d files scanned", events, len(errs.bodies), len(logs.Bytes()), len(files))
}

type opsOf struct {
	svc, prefix string
	names       map[string]bool
}

func (o opsOf) dialect() (string, string, map[string]bool) { return o.svc, o.prefix, o.names }

func keys[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// rawCall sends one request signed with the dev credentials for service.
func rawCall(t *testing.T, base, service, method string, headers map[string]string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, base+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	sum := sha256Hex(body)
	cr := must(credentials.NewStaticCredentialsProvider("test", "test", "").Retrieve(context.Background()))
	if err := v4.NewSigner().SignHTTP(context.Background(), cr, req, sum, service, "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
