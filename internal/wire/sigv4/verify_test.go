package sigv4_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// sdkCase is a request signed by the SDK's signer.
type sdkCase struct {
	name            string
	method, url     string
	header          http.Header
	body            string
	service, region string
	creds           aws.Credentials // zero: testCreds
	s3              bool            // sign as the SDK signs S3: path escaped once
}

// Requests shaped as the SDK's protocols send them (AWS JSON 1.1 with
// X-Amz-Target, the form-encoded Query protocol), then edge cases of the
// canonical request.
var sdkCases = []sdkCase{
	{name: "json_ssm_get_parameter", method: "POST", url: "https://ssm.eu-west-3.amazonaws.com/",
		header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"AmazonSSM.GetParameter"},
			"Amz-Sdk-Invocation-Id": {"6f1a4c3e-2b5d-4e8f-9a7b-1c2d3e4f5a6b"}, "Amz-Sdk-Request": {"attempt=1; max=3"}},
		body: `{"Name":"/app/db/password","WithDecryption":true}`, service: "ssm", region: "eu-west-3"},
	{name: "json_secretsmanager_with_token", method: "POST", url: "http://127.0.0.1:4566/",
		header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"secretsmanager.GetSecretValue"}},
		body:   `{"SecretId":"prod/db"}`, service: "secretsmanager", region: "us-east-1",
		creds: aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: "FwoGZXIvYXdzEBYaDH+/=token"}},
	{name: "json_kms_encrypt", method: "POST", url: "https://kms.ap-southeast-2.amazonaws.com/",
		header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"TrentService.Encrypt"}},
		body:   `{"KeyId":"alias/app","Plaintext":"aGVsbG8="}`, service: "kms", region: "ap-southeast-2"},
	{name: "query_form_sts", method: "POST", url: "https://sts.amazonaws.com/",
		header: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}},
		body:   "Action=GetCallerIdentity&Version=2011-06-15", service: "sts", region: "us-east-1"},
	{name: "empty_post", method: "POST", url: "http://localhost:4566/", service: "ssm", region: "us-west-2"},
	{name: "get_query_sorted_and_encoded", method: "GET",
		url:     "https://arca.example:8443/v1/list?b=2&a=1&a=0&empty=&flag&space=a%20b&plus=a%2Bb&utf8=%E2%9C%93&tilde=~x&slash=a%2Fb&dash=a-b",
		service: "secretsmanager", region: "eu-central-1"},
	{name: "path_escaped", method: "GET", url: "https://arca.example/a%20b/c%2Fd/%E2%9C%93/x:y@z$w=v/", service: "secretsmanager", region: "us-east-1"},
	{name: "path_dots_kept", method: "GET", url: "https://arca.example/a/./b/../c//d", service: "ssm", region: "us-east-1"},
	{name: "s3_path_escaped_once", method: "PUT", url: "https://bucket.s3.amazonaws.com/dir/a%20b+c%2Fd.txt",
		header: http.Header{"X-Amz-Content-Sha256": {hashHex([]byte("data"))}}, body: "data", service: "s3", region: "us-east-1", s3: true},
	{name: "header_values_trimmed_and_joined", method: "POST", url: "https://ssm.us-east-1.amazonaws.com/",
		header: http.Header{"X-Custom": {"  a   b  ", "c\td", ""}, "X-Amz-Meta-Empty": {""}, "Content-Type": {"application/x-amz-json-1.1"}},
		body:   "{}", service: "ssm", region: "us-east-1"},
	{name: "content_sha256_header", method: "POST", url: "https://ssm.us-east-1.amazonaws.com/",
		header: http.Header{"X-Amz-Content-Sha256": {hashHex([]byte(`{"a":1}`))}}, body: `{"a":1}`, service: "ssm", region: "us-east-1"},
	{name: "long_scope", method: "POST", url: "https://ssm.example/", body: "{}", service: "ssm", region: strings.Repeat("region-", 40)},
	{name: "long_secret", method: "POST", url: "https://ssm.example/", body: "{}", service: "ssm", region: "us-east-1",
		creds: aws.Credentials{AccessKeyID: longKeyID, SecretAccessKey: longSecret}},
	{name: "large_body", method: "POST", url: "https://ssm.example/", body: strings.Repeat("x", 1<<20), service: "ssm", region: "us-east-1"},
}

// signed returns c signed by the SDK, as the server receives it.
func (c sdkCase) signed(t testing.TB) (*http.Request, []byte) {
	t.Helper()
	r := newRequest(t, c.method, c.url, c.header, []byte(c.body))
	creds := c.creds
	if creds.AccessKeyID == "" {
		creds = testCreds
	}
	var opts []func(*v4.SignerOptions)
	if c.s3 {
		opts = append(opts, func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	}
	sdkSign(t, r, []byte(c.body), creds, c.service, c.region, opts...)
	return onWire(t, r)
}

func TestVerify_SDK(t *testing.T) {
	for _, c := range sdkCases {
		t.Run(c.name, func(t *testing.T) {
			r, body := c.signed(t)
			res, err := verifierAt(signTime.Add(time.Minute)).Verify(r, body)
			checkErr(t, err, nil)
			creds := c.creds
			if creds.AccessKeyID == "" {
				creds = testCreds
			}
			want := sigv4.Result{AccessKeyID: creds.AccessKeyID, Region: c.region, Service: c.service, SecurityToken: creds.SessionToken, Time: signTime}
			if *res != want {
				t.Errorf("Result = %+v, want %+v", *res, want)
			}
		})
	}
}

// The path as botocore and the JavaScript SDK sign it: normalized.
func TestVerify_NormalizedPath(t *testing.T) {
	for _, c := range []struct{ signedPath, sentPath string }{
		{"/a/b", "/a/./b"},
		{"/a/b", "//a//b"},
		{"/b/", "/a/../b/"},
		{"/", "/a/.."},
	} {
		t.Run(strings.ReplaceAll(c.sentPath, "/", "_"), func(t *testing.T) {
			r := newRequest(t, "GET", "https://arca.example"+c.signedPath, nil, nil)
			sdkSign(t, r, nil, testCreds, "ssm", "us-east-1")
			r.URL.Path = c.sentPath
			sr, body := onWire(t, r)
			_, err := verifierAt(signTime).Verify(sr, body)
			checkErr(t, err, nil)
		})
	}
}
