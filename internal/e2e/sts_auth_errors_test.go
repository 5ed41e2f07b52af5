package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestQuery_AuthErrors: the Query protocol's authentication error codes, as
// the SDK sees them and as raw requests get them.
func TestQuery_AuthErrors(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	_, err := e.stsAs("test", "wrong", "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "SignatureDoesNotMatch")
	_, err = e.iamAs("AKIAUNKNOWNUNKNOWN00", "x", "").ListUsers(ctx, &iam.ListUsersInput{})
	wantCode(t, err, "InvalidClientTokenId")

	post := func(body string, hdr map[string]string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, e.url+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return resp.StatusCode, b.String()
	}
	cases := []struct {
		name, body string
		hdr        map[string]string
		status     int
		code, ns   string
	}{
		{"missing_sts", "Action=GetCallerIdentity&Version=2011-06-15", nil, 403, "MissingAuthenticationToken", "sts"},
		{"missing_iam", "Action=ListUsers&Version=2010-05-08", nil, 403, "MissingAuthenticationToken", "iam"},
		{"incomplete", "Action=ListUsers&Version=2010-05-08", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request"}, 400, "IncompleteSignature", "iam"},
		{"bad_form", "Action=%zz", nil, 400, "MalformedQueryString", "sts"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := post(c.body, c.hdr)
			if status != c.status || !strings.Contains(body, "<Code>"+c.code+"</Code>") || !strings.Contains(body, c.ns+".amazonaws.com") || !strings.Contains(body, "<RequestId>") {
				t.Fatalf("%d %s", status, body)
			}
		})
	}
}
