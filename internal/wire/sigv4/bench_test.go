package sigv4_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

// BenchmarkVerify measures the verify path of the requests arca serves most:
// an AWS JSON 1.1 call as the SDK signs it, with a session token, and a
// presigned STS URL.
func BenchmarkVerify(b *testing.B) {
	json := sdkCase{method: "POST", url: "https://ssm.eu-west-3.amazonaws.com/",
		header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"AmazonSSM.GetParameter"},
			"Amz-Sdk-Invocation-Id": {"6f1a4c3e-2b5d-4e8f-9a7b-1c2d3e4f5a6b"}, "Amz-Sdk-Request": {"attempt=1; max=3"}},
		body: `{"Name":"/app/db/password","WithDecryption":true}`, service: "ssm", region: "eu-west-3"}
	benches := []struct {
		name string
		req  func(testing.TB) (*http.Request, []byte)
	}{
		{"json", json.signed},
		{"presigned", func(tb testing.TB) (*http.Request, []byte) { return onWire(tb, presignCases[0].presigned(tb)) }},
	}
	secret := []byte(testSecret) // so that allocs/op counts Verify's own
	v := &sigv4.Verifier{
		Secret: func(context.Context, string) ([]byte, error) { return secret, nil },
		Now:    func() time.Time { return signTime },
	}
	cached := *v
	cached.Keys = &sigv4.KeyCache{}
	for _, bb := range benches {
		for _, c := range []struct {
			name string
			v    *sigv4.Verifier
		}{{bb.name, v}, {bb.name + "/key_cache", &cached}} {
			bench(b, c.name, c.v, bb.req)
		}
	}
}

func bench(b *testing.B, name string, v *sigv4.Verifier, req func(testing.TB) (*http.Request, []byte)) {
	b.Run(name, func(b *testing.B) {
		r, body := req(b)
		if _, err := v.Verify(r, body); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(r, body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
