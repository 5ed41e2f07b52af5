package authz_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/authz"
)

var (
	envs     = []string{"prod", "staging", "dev"}
	services = []string{"web", "worker", "api", "billing", "auth", "search", "mail", "cron", "admin", "shared"}
)

// benchSet is a principal's 10 identity policies of 10 statements each,
// every statement with wildcards and one condition, over parameter paths
// of realistic service and environment names; the statement that allows
// the benchmark request is the last one of the last policy, and every
// policy carries a Deny that must be checked (and does not apply).
func benchSet(b *testing.B) authz.Set {
	conds := []string{
		`"StringEquals":{"aws:PrincipalTag/team":"web"}`,
		`"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}`,
		`"Bool":{"aws:SecureTransport":"true"}`,
		`"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}`,
		`"StringLike":{"aws:UserAgent":"aws-sdk-*"}`,
	}
	var set authz.Set
	for p := 0; p < 10; p++ {
		var sts []string
		for s := 0; s < 10; s++ {
			effect, action := "Allow", `["ssm:Get*","ssm:Describe*","secretsmanager:GetSecretValue"]`
			resource := fmt.Sprintf("arn:aws:ssm:*:*:parameter/%s/%s/*", envs[(p+s)%len(envs)], services[s])
			if s == 9 && p == 9 {
				resource = "arn:aws:ssm:*:*:parameter/prod/web/*"
			}
			if s == 0 {
				effect, action = "Deny", `["ssm:Delete*","ssm:Put*","kms:*"]`
				resource = "arn:aws:ssm:*:*:parameter/prod/*"
			}
			sts = append(sts, fmt.Sprintf(`{"Sid":"S%d","Effect":%q,"Action":%s,"Resource":[%q,"arn:aws:secretsmanager:*:*:secret:%s/*"],"Condition":{%s}}`,
				s, effect, action, resource, services[p], conds[(p+s)%len(conds)]))
		}
		doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(sts, ",") + `]}`
		set.Identity = append(set.Identity, mustParse(b, authz.Identity, fmt.Sprintf("policy-%d", p), doc))
	}
	return set
}

func benchRequest() authz.Request {
	return authz.Request{
		Principal: webTask,
		Action:    "ssm:GetParameter",
		Resource:  "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/DATABASE_HOST",
		Context: map[string][]string{
			"aws:SourceIp":        {"10.1.2.3"},
			"aws:SecureTransport": {"true"},
			"aws:CurrentTime":     {"2026-05-01T12:00:00Z"},
			"aws:EpochTime":       {"1777636800"},
			"aws:UserAgent":       {"aws-sdk-go-v2/1.30.0"},
		},
	}
}

func BenchmarkEvaluate(b *testing.B) {
	set := benchSet(b)
	req := benchRequest()
	if d := authz.Evaluate(req, set); !d.Allowed || d.Reason.PolicyID != "policy-9" || d.Reason.Statement != 9 {
		b.Fatalf("decision = %+v", d)
	}
	b.Run("allow_last_statement", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			authz.Evaluate(req, set)
		}
	})
	denied := req
	denied.Resource = "arn:aws:ssm:us-east-1:111122223333:parameter/prod/worker/QUEUE_URL"
	b.Run("implicit_deny", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			authz.Evaluate(denied, set)
		}
	})
	put := req
	put.Action = "ssm:PutParameter"
	b.Run("explicit_deny", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			authz.Evaluate(put, set)
		}
	})
	withRes := set
	withRes.Resource = []*authz.Policy{mustParse(b, authz.Resource, "secret-policy", secretPolicyForPartner)}
	withRes.Boundary = []*authz.Policy{mustParse(b, authz.Identity, "boundary", readAllParams)}
	b.Run("with_resource_and_boundary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			authz.Evaluate(req, withRes)
		}
	})
}

// BenchmarkEvaluate_similar is the worst case for the resource filter:
// 100 statements whose resources share nearly every character pair with
// the request's, so each is rejected only by the string search.
func BenchmarkEvaluate_similar(b *testing.B) {
	var set authz.Set
	for p := 0; p < 10; p++ {
		var sts []string
		for s := 0; s < 10; s++ {
			sts = append(sts, fmt.Sprintf(`{"Effect":"Allow","Action":"ssm:GetParameter*","Resource":"arn:aws:ssm:*:*:parameter/prod/web/DATABASE_%s_%d*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`,
				services[s], p))
		}
		set.Identity = append(set.Identity, mustParse(b, authz.Identity, fmt.Sprintf("policy-%d", p), `{"Version":"2012-10-17","Statement":[`+strings.Join(sts, ",")+`]}`))
	}
	req := benchRequest()
	b.ReportAllocs()
	for b.Loop() {
		if authz.Evaluate(req, set).Allowed {
			b.Fatal("allowed")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	doc := []byte(docHomeFolders)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := authz.Parse(doc, authz.Identity); err != nil {
			b.Fatal(err)
		}
	}
}
