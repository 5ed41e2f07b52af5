package awssecrets_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/secrets"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/wire/awsjson"
	"github.com/arca-vault/arca/internal/wire/awssecrets"
)

// marker is in every seeded value: no refusal may echo it.
const marker = "FUZZ-SECRET-MARKER"

// dialect builds the Secrets Manager dialect over a fresh memory store and a
// real keyring, with a few secrets in it, and an authenticated context.
func dialect(tb testing.TB) (*awsjson.Service, context.Context) {
	tb.Helper()
	st := memory.New()
	tb.Cleanup(func() { _ = st.Close() })
	key, err := keyring.GenerateKey()
	if err != nil {
		tb.Fatal(err)
	}
	root, err := keyring.NewRoot(key)
	if err != nil {
		tb.Fatal(err)
	}
	k := kms.New(kms.Config{Store: st, Root: root, Account: "000000000000"})
	svc := awssecrets.New(secrets.New(secrets.Config{Store: st, KMS: k}), nil)
	ctx := arca.WithCaller(context.Background(), &arca.Caller{
		Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root", RequestID: "fuzz",
	})
	for _, s := range []struct{ op, body string }{
		{"CreateSecret", `{"Name":"app/db","SecretString":"{\"password\":\"` + marker + `\"}","Tags":[{"Key":"env","Value":"prod"}]}`},
		{"PutSecretValue", `{"SecretId":"app/db","SecretString":"` + marker + `2","ClientRequestToken":"11111111-1111-4111-8111-111111111111"}`},
		{"CreateSecret", `{"Name":"bin","SecretBinary":"` + "RlVaWi1TRUNSRVQtTUFSS0VS" + `"}`},
		{"CreateSecret", `{"Name":"gone","SecretString":"` + marker + `"}`},
		{"DeleteSecret", `{"SecretId":"gone"}`},
	} {
		if status, body := call(ctx, svc, s.op, []byte(s.body)); status != 200 {
			tb.Fatalf("seed %s: %d %s", s.op, status, body)
		}
	}
	return svc, ctx
}

func call(ctx context.Context, svc *awsjson.Service, op string, body []byte) (int, []byte) {
	rec := httptest.NewRecorder()
	svc.Handle(ctx, rec, op, body)
	return rec.Code, rec.Body.Bytes()
}

// FuzzHandlers feeds arbitrary bodies to every operation of the dialect
// (and to one it does not have). No input may panic or get a 5xx: the store
// is in memory and the keyring consistent, so nothing here is a genuine
// internal failure. Every answer is JSON; every refusal names its code and
// never echoes a stored value.
func FuzzHandlers(f *testing.F) {
	svc, _ := dialect(f)
	ops := make([]string, 0, len(svc.Ops)+1)
	for op := range svc.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	ops = append(ops, "NoSuchOperation")
	seeds := map[string][]string{
		"CreateSecret":                 {`{"Name":"n","SecretString":"x","ClientRequestToken":"22222222-2222-4222-8222-222222222222","AddReplicaRegions":[{"Region":"eu-west-1"}]}`},
		"PutSecretValue":               {`{"SecretId":"app/db","SecretString":"y","VersionStages":["AWSCURRENT","X"]}`},
		"GetSecretValue":               {`{"SecretId":"app/db","VersionStage":"AWSPREVIOUS"}`, `{"SecretId":"arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db"}`},
		"BatchGetSecretValue":          {`{"SecretIdList":["app/db","gone","nope"]}`, `{"Filters":[{"Key":"name","Values":["app"]}],"MaxResults":1}`},
		"ListSecrets":                  {`{"Filters":[{"Key":"all","Values":["!prod"]}],"SortOrder":"desc","SortBy":"name","MaxResults":1}`},
		"ListSecretVersionIds":         {`{"SecretId":"app/db","IncludeDeprecated":true,"MaxResults":1}`},
		"UpdateSecretVersionStage":     {`{"SecretId":"app/db","VersionStage":"AWSCURRENT","MoveToVersionId":"11111111-1111-4111-8111-111111111111"}`},
		"UpdateSecret":                 {`{"SecretId":"app/db","Description":"d","KmsKeyId":""}`},
		"DeleteSecret":                 {`{"SecretId":"app/db","RecoveryWindowInDays":7}`, `{"SecretId":"bin","ForceDeleteWithoutRecovery":true}`},
		"RestoreSecret":                {`{"SecretId":"gone"}`},
		"RotateSecret":                 {`{"SecretId":"app/db","RotationLambdaARN":"arn:aws:lambda:us-east-1:000000000000:function:arca-rotate-random","RotationRules":{"ScheduleExpression":"cron(0 1 ? * MON#2 *)","Duration":"3h"}}`},
		"CancelRotateSecret":           {`{"SecretId":"app/db"}`},
		"GetRandomPassword":            {`{"PasswordLength":12,"ExcludeCharacters":"abc","IncludeSpace":true,"RequireEachIncludedType":false}`},
		"PutResourcePolicy":            {`{"SecretId":"app/db","ResourcePolicy":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\"}}","BlockPublicPolicy":true}`},
		"ValidateResourcePolicy":       {`{"ResourcePolicy":"{\"Version\":\"2012-10-17\",\"Statement\":[]}"}`},
		"TagResource":                  {`{"SecretId":"app/db","Tags":[{"Key":"a","Value":"b"}]}`},
		"UntagResource":                {`{"SecretId":"app/db","TagKeys":["env"]}`},
		"ReplicateSecretToRegions":     {`{"SecretId":"app/db","AddReplicaRegions":[{"Region":"ap-south-1","KmsKeyId":"alias/aws/secretsmanager"}]}`},
		"RemoveRegionsFromReplication": {`{"SecretId":"app/db","RemoveReplicaRegions":["ap-south-1"]}`},
		"StopReplicationToReplica":     {`{"SecretId":"app/db"}`},
	}
	for i, op := range ops {
		f.Add(uint8(i), []byte(`{}`))
		for _, s := range seeds[op] {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, i uint8, body []byte) {
		svc, ctx := dialect(t)
		op := ops[int(i)%len(ops)]
		status, out := call(ctx, svc, op, body)
		if status >= 500 {
			t.Fatalf("%s %q: %d %s", op, body, status, out)
		}
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("%s: not JSON: %s", op, out)
		}
		if status != 200 {
			if typ, _ := v["__type"].(string); typ == "" {
				t.Fatalf("%s: refusal without a code: %s", op, out)
			}
			if bytes.Contains(out, []byte(marker)) {
				t.Fatalf("%s: a refusal echoes a stored value: %s", op, out)
			}
		}
	})
}
