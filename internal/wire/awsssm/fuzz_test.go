package awsssm_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"sort"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/kms"
	"github.com/arca-vault/arca/internal/params"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/wire/awsjson"
	"github.com/arca-vault/arca/internal/wire/awsssm"
)

// dialect builds the SSM dialect over a fresh memory store and a real
// keyring, with a few parameters in it (plain, secure, hierarchical,
// labelled, tagged), and the context of an authenticated caller.
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
	svc := awsssm.New(params.New(params.Config{Store: st, KMS: k}), nil)
	ctx := arca.WithCaller(context.Background(), &arca.Caller{
		Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root", RequestID: "fuzz",
	})
	for _, s := range []struct{ op, body string }{
		{"PutParameter", `{"Name":"/app/db/url","Value":"v1","Type":"String","Tags":[{"Key":"env","Value":"prod"}]}`},
		{"PutParameter", `{"Name":"/app/db/url","Value":"v2","Overwrite":true,"AllowedPattern":"^v\\d$"}`},
		{"PutParameter", `{"Name":"/app/secret","Value":"s","Type":"SecureString","Tier":"Advanced"}`},
		{"PutParameter", `{"Name":"flat","Value":"a,b","Type":"StringList"}`},
		{"LabelParameterVersion", `{"Name":"/app/db/url","ParameterVersion":1,"Labels":["prod"]}`},
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
// internal failure. Every answer is JSON; every refusal names its code.
func FuzzHandlers(f *testing.F) {
	svc, _ := dialect(f)
	ops := make([]string, 0, len(svc.Ops)+1)
	for op := range svc.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	ops = append(ops, "NoSuchOperation")
	seeds := map[string][]string{
		"PutParameter":            {`{"Name":"/n/a","Value":"x","Type":"SecureString","KeyId":"alias/aws/ssm","Tier":"Intelligent-Tiering","Policies":"[{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{}}]"}`, `{"Name":"/app/db/url","Value":"v3","Overwrite":true,"Tier":"Standard","DataType":"aws:ec2:image"}`},
		"GetParameter":            {`{"Name":"/app/db/url:prod","WithDecryption":true}`, `{"Name":"arn:aws:ssm:us-east-1:000000000000:parameter/flat:1"}`},
		"GetParameters":           {`{"Names":["/app/secret","/app/db/url:2","/nope"],"WithDecryption":true}`},
		"GetParametersByPath":     {`{"Path":"/","Recursive":true,"MaxResults":1,"ParameterFilters":[{"Key":"Label","Values":["prod"]}]}`, `{"Path":"/app","NextToken":"cDE6L2FwcAAvYXBwL2Ri"}`}, // arca:allow test data, not a secret
		"DescribeParameters":      {`{"ParameterFilters":[{"Key":"tag:env","Values":["prod"]},{"Key":"Path","Option":"Recursive","Values":["/app"]}],"MaxResults":1}`, `{"Filters":[{"Key":"Name","Values":["/a"]}]}`},
		"GetParameterHistory":     {`{"Name":"/app/db/url","WithDecryption":true,"MaxResults":1}`},
		"LabelParameterVersion":   {`{"Name":"/app/db/url","Labels":["a","1b","aws"]}`},
		"UnlabelParameterVersion": {`{"Name":"/app/db/url","ParameterVersion":1,"Labels":["prod","x"]}`},
		"DeleteParameter":         {`{"Name":"flat"}`},
		"DeleteParameters":        {`{"Names":["/app/secret","nope"]}`},
		"AddTagsToResource":       {`{"ResourceType":"Parameter","ResourceId":"/app/db/url","Tags":[{"Key":"a","Value":"b"}]}`},
		"RemoveTagsFromResource":  {`{"ResourceType":"Parameter","ResourceId":"/app/db/url","TagKeys":["env"]}`},
		"ListTagsForResource":     {`{"ResourceType":"Parameter","ResourceId":"/app/db/url"}`},
	}
	for i, op := range ops {
		for _, b := range seeds[op] {
			f.Add(uint8(i), []byte(b))
		}
		f.Add(uint8(i), []byte(`{}`))
		f.Add(uint8(i), []byte(`{"Name":["x"],"MaxResults":1.5}`))
	}

	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		svc, ctx := dialect(t)
		op := ops[int(which)%len(ops)]
		status, out := call(ctx, svc, op, body)
		if status >= 500 {
			t.Fatalf("%s %q: %d %s", op, body, status, out)
		}
		var env struct {
			Type string `json:"__type"`
		}
		if err := json.Unmarshal(out, &env); err != nil {
			t.Fatalf("%s %q: answer is not JSON: %s", op, body, out)
		}
		if status >= 400 && env.Type == "" {
			t.Fatalf("%s %q: %d without an error code: %s", op, body, status, out)
		}
	})
}
