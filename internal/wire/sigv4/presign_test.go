package sigv4_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// presignCase is a request presigned by the SDK's signer.
type presignCase struct {
	name            string
	method, url     string
	header          http.Header
	payload         string // the payload hash to presign; "" is that of an empty body
	service, region string
	token           string
	s3              bool
}

func (c presignCase) presigned(t testing.TB) *http.Request {
	t.Helper()
	r := newRequest(t, c.method, c.url, c.header, nil)
	payload := c.payload
	if payload == "" {
		payload = hashHex(nil)
	}
	creds := aws.Credentials{AccessKeyID: testKeyID, SecretAccessKey: testSecret, SessionToken: c.token}
	signedURL, signedHeader, err := v4.NewSigner().PresignHTTP(context.Background(), creds, r, payload, c.service, c.region, signTime,
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = c.s3 })
	if err != nil {
		t.Fatalf("PresignHTTP: %v", err)
	}
	out := newRequest(t, c.method, signedURL, signedHeader, nil)
	if h := signedHeader.Get("Host"); h != "" {
		out.Host = h
	}
	return out
}

var presignCases = []presignCase{
	{name: "sts_get_caller_identity", method: "GET", url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60",
		service: "sts", region: "us-east-1"},
	{name: "with_token_and_hoisted_header", method: "GET", url: "https://arca.example:4566/v1/x?X-Amz-Expires=900",
		header: http.Header{"X-Amz-Custom": {"hoisted"}, "Content-Type": {"text/plain"}}, service: "secretsmanager", region: "eu-west-1", token: "tok/en+="},
	{name: "unsigned_payload_like_botocore", method: "GET", url: "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60",
		payload: "UNSIGNED-PAYLOAD", service: "sts", region: "us-east-1"},
	{name: "s3_object", method: "GET", url: "https://bucket.s3.amazonaws.com/dir/a%20b+c.txt?X-Amz-Expires=604800",
		payload: "UNSIGNED-PAYLOAD", service: "s3", region: "us-east-1", s3: true},
	{name: "no_expires", method: "GET", url: "https://ssm.example/", service: "ssm", region: "us-east-1"},
}

func TestVerify_Presigned(t *testing.T) {
	for _, c := range presignCases {
		t.Run(c.name, func(t *testing.T) {
			r, body := onWire(t, c.presigned(t))
			res, err := verifierAt(signTime.Add(30*time.Second)).Verify(r, body)
			checkErr(t, err, nil)
			want := sigv4.Result{AccessKeyID: testKeyID, Region: c.region, Service: c.service, SecurityToken: c.token, Time: signTime}
			if *res != want {
				t.Errorf("Result = %+v, want %+v", *res, want)
			}
		})
	}
}

// editQuery changes the query of r.
func editQuery(edit func(url.Values)) func(*http.Request, *[]byte) {
	return func(r *http.Request, _ *[]byte) {
		q := r.URL.Query()
		edit(q)
		r.URL.RawQuery = q.Encode()
	}
}

func TestVerify_PresignedMutations(t *testing.T) {
	base := presignCases[0] // X-Amz-Expires=60
	tests := []struct {
		name   string
		mutate func(*http.Request, *[]byte)
		now    time.Time // zero: signTime
		want   error
	}{
		{name: "unchanged"},
		{name: "expires_at_limit_ok", now: signTime.Add(60 * time.Second)},
		{name: "expired", now: signTime.Add(61 * time.Second), want: sigv4.ErrExpired},
		{name: "not_yet_valid", now: signTime.Add(-16 * time.Minute), want: sigv4.ErrExpired},
		{name: "param_changed", mutate: editQuery(func(q url.Values) { q.Set("Action", "AssumeRole") }), want: sigv4.ErrMismatch},
		{name: "param_added", mutate: editQuery(func(q url.Values) { q.Set("RoleArn", "x") }), want: sigv4.ErrMismatch},
		{name: "expires_extended", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-Expires", "3600") }), want: sigv4.ErrMismatch},
		{name: "signature_changed", mutate: editQuery(func(q url.Values) {
			s := []byte(q.Get("X-Amz-Signature"))
			s[10] ^= 1
			q.Set("X-Amz-Signature", string(s))
		}), want: sigv4.ErrMismatch},
		{name: "signature_twice", mutate: editQuery(func(q url.Values) { q.Add("X-Amz-Signature", q.Get("X-Amz-Signature")) }), want: sigv4.ErrIncomplete},
		{name: "signature_missing", mutate: editQuery(func(q url.Values) { q.Del("X-Amz-Signature") }), want: sigv4.ErrIncomplete},
		{name: "key_id_unknown", mutate: editQuery(func(q url.Values) {
			q.Set("X-Amz-Credential", "AKIAUNKNOWN000000000/20260314/us-east-1/sts/aws4_request")
		}), want: sigv4.ErrUnknownKey},
		{name: "region", mutate: editQuery(func(q url.Values) {
			q.Set("X-Amz-Credential", testKeyID+"/20260314/eu-west-1/sts/aws4_request")
		}), want: sigv4.ErrMismatch},
		{name: "credential_malformed", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-Credential", testKeyID+"/20260314/us-east-1") }), want: sigv4.ErrIncomplete},
		{name: "date_missing", mutate: editQuery(func(q url.Values) { q.Del("X-Amz-Date") }), want: sigv4.ErrIncomplete},
		{name: "algorithm", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-Algorithm", "AWS4-HMAC-SHA1") }), want: sigv4.ErrIncomplete},
		{name: "algorithm_missing", mutate: editQuery(func(q url.Values) { q.Del("X-Amz-Algorithm") }), want: sigv4.ErrIncomplete},
		{name: "host_unsigned", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-SignedHeaders", "x-amz-date") }), want: sigv4.ErrIncomplete},
		{name: "expires_too_long", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-Expires", "604801") }), want: sigv4.ErrIncomplete},
		{name: "expires_not_a_number", mutate: editQuery(func(q url.Values) { q.Set("X-Amz-Expires", "1e3") }), want: sigv4.ErrIncomplete},
		{name: "body_added", mutate: func(_ *http.Request, b *[]byte) { *b = []byte("x") }, want: sigv4.ErrMismatch},
		{name: "host", mutate: func(r *http.Request, _ *[]byte) { r.Host = "sts.us-east-1.amazonaws.com" }, want: sigv4.ErrMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, body := onWire(t, base.presigned(t))
			if tt.mutate != nil {
				tt.mutate(r, &body)
			}
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			_, err := verifierAt(now).Verify(r, body)
			checkErr(t, err, tt.want)
		})
	}
}

// UNSIGNED-PAYLOAD leaves the body unproven: refused when there is one.
func TestVerify_PresignedUnsignedPayloadWithBody(t *testing.T) {
	for _, c := range []presignCase{presignCases[2], {name: "explicit_header", method: "POST", url: "https://ssm.example/?X-Amz-Expires=60",
		header: http.Header{"X-Amz-Content-Sha256": {"UNSIGNED-PAYLOAD"}}, payload: "UNSIGNED-PAYLOAD", service: "ssm", region: "us-east-1"}} {
		t.Run(c.name, func(t *testing.T) {
			r := c.presigned(t)
			_, err := verifierAt(signTime).Verify(r, nil)
			checkErr(t, err, nil)
			_, err = verifierAt(signTime).Verify(r, []byte("{}"))
			checkErr(t, err, sigv4.ErrMismatch)
		})
	}
}
