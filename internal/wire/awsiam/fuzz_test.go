package awsiam_test

import (
	"context"
	"encoding/xml"
	"net/http/httptest"
	"net/url"
	"sort"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/memory"
	"github.com/arca-vault/arca/internal/wire/awsiam"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// dialect builds the IAM dialect over a fresh memory store with a user, a
// group, a role and a managed policy, and the context of the root caller.
func dialect(tb testing.TB) (*awsquery.Service, context.Context) {
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
	svc := awsiam.New(identity.New(identity.Config{Store: st, Root: root, Account: "000000000000"}), nil, nil)
	ctx := arca.WithCaller(context.Background(), &arca.Caller{
		Account: "000000000000", Region: "us-east-1", ARN: "arn:aws:iam::000000000000:root", Type: "Root", RequestID: "fuzz",
	})
	doc := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	trust := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole"}]}`)
	for _, s := range []string{
		"Action=CreateUser&UserName=alice&Tags.member.1.Key=k&Tags.member.1.Value=v",
		"Action=CreateGroup&GroupName=devs",
		"Action=AddUserToGroup&GroupName=devs&UserName=alice",
		"Action=CreateRole&RoleName=app&AssumeRolePolicyDocument=" + trust,
		"Action=CreatePolicy&PolicyName=p&PolicyDocument=" + doc,
		"Action=AttachRolePolicy&RoleName=app&PolicyArn=arn:aws:iam::000000000000:policy/p",
		"Action=PutUserPolicy&UserName=alice&PolicyName=i&PolicyDocument=" + doc,
		"Action=CreateAccessKey&UserName=alice",
	} {
		if status, body := call(ctx, svc, s); status != 200 {
			tb.Fatalf("seed %s: %d %s", s, status, body)
		}
	}
	return svc, ctx
}

func call(ctx context.Context, svc *awsquery.Service, form string) (int, []byte) {
	f, err := url.ParseQuery(form)
	if err != nil {
		return 400, nil
	}
	rec := httptest.NewRecorder()
	svc.Handle(ctx, rec, f)
	return rec.Code, rec.Body.Bytes()
}

// FuzzHandlers feeds arbitrary forms to every operation of the dialect (and
// to one it does not have). No input may panic or get a 5xx; every answer
// is XML, and every refusal names its code.
func FuzzHandlers(f *testing.F) {
	svc, _ := dialect(f)
	ops := make([]string, 0, len(svc.Ops)+1)
	for op := range svc.Ops {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	ops = append(ops, "NoSuchOperation")
	seeds := []string{
		"UserName=alice", "UserName=alice&PolicyName=i", "GroupName=devs&UserName=alice", "RoleName=app&MaxSessionDuration=7200",
		"PolicyArn=arn:aws:iam::000000000000:policy/p&VersionId=v1", "PolicyArn=arn:aws:iam::000000000000:policy/p&PolicyDocument=%7B%7D&SetAsDefault=true",
		"UserName=alice&AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Inactive", "MaxItems=1&Marker=aWFtL3VzZXIv", "PathPrefix=/&Scope=Local&OnlyAttached=true",
		"UserName=alice&Tags.member.1.Key=a&Tags.member.1.Value=b&TagKeys.member.1=k",
		"RoleName=app&PolicyName=x&PolicyDocument=%7B%22Statement%22%3A%5B%5D%7D",
	}
	for i := range ops {
		for _, s := range seeds {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, form string) {
		svc, ctx := dialect(t)
		op := ops[int(which)%len(ops)]
		status, out := call(ctx, svc, "Action="+op+"&"+form)
		if status >= 500 {
			t.Fatalf("%s %q: %d %s", op, form, status, out)
		}
		if err := xml.Unmarshal(out, new(struct{})); out != nil && err != nil {
			t.Fatalf("%s %q: answer is not XML: %s", op, form, out)
		}
		if status >= 400 && out != nil {
			var env struct {
				Code string `xml:"Error>Code"`
			}
			if xml.Unmarshal(out, &env); env.Code == "" {
				t.Fatalf("%s %q: %d without an error code: %s", op, form, status, out)
			}
		}
	})
}
