package sigv4_test

import (
	"errors"
	"testing"

	"github.com/arca-vault/arca/internal/wire/sigv4"
)

func TestParseAuthorization(t *testing.T) {
	const sig = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	vanilla := sigv4.Authorization{AccessKeyID: "AKIDEXAMPLE", Scope: "20150830/us-east-1/service/aws4_request",
		Date: "20150830", Region: "us-east-1", Service: "service", SignedHeaders: "host;x-amz-date", Signature: sig}
	tests := []struct {
		name string
		in   string
		want *sigv4.Authorization // nil: an ErrIncomplete
	}{
		{"sdk_form", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig, &vanilla},
		{"no_spaces", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=" + sig, &vanilla},
		{"any_order", "AWS4-HMAC-SHA256 Signature=" + sig + ", SignedHeaders=host;x-amz-date, Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", &vanilla},
		{"outer_spaces", "  AWS4-HMAC-SHA256  Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request ,  SignedHeaders=host;x-amz-date , Signature=" + sig + " ", &vanilla},
		{"empty", "", nil},
		{"algorithm_only", "AWS4-HMAC-SHA256", nil},
		{"sigv2", "AWS AKIDEXAMPLE:c2lnbmF0dXJl", nil},
		{"sigv4a", "AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20150830/service/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"lower_case_algorithm", "aws4-hmac-sha256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"missing_credential", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + sig, nil},
		{"missing_signed_headers", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, Signature=" + sig, nil},
		{"missing_signature", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host", nil},
		{"empty_signature", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=", nil},
		{"duplicate_parameter", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, SignedHeaders=host, Signature=" + sig, nil},
		{"unknown_parameter", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=" + sig + ", Extra=1", nil},
		{"no_equal_sign", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders, Signature=" + sig, nil},
		{"trailing_comma_ok", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + sig + ",", &vanilla},
		{"empty_parameter", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_too_short", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_too_long", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/x, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_no_key", "AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_bad_date", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015-08-30/us-east-1/service/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_empty_region", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830//service/aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_empty_service", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1//aws4_request, SignedHeaders=host, Signature=" + sig, nil},
		{"scope_bad_terminator", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_requests, SignedHeaders=host, Signature=" + sig, nil},
		{"host_not_signed", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=" + sig, nil},
		{"host_capitalized", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=Host;x-amz-date, Signature=" + sig, nil},
		{"signed_headers_unsorted", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date;host, Signature=" + sig, nil},
		{"signed_headers_repeated", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x;x, Signature=" + sig, nil},
		{"signed_headers_empty_name", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;;x-amz-date, Signature=" + sig, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sigv4.ParseAuthorization(tt.in)
			if tt.want == nil {
				var e *sigv4.Error
				if !errors.As(err, &e) || !errors.Is(err, sigv4.ErrIncomplete) || got != nil {
					t.Fatalf("ParseAuthorization = %+v, %v; want an ErrIncomplete", got, err)
				}
				t.Logf("message: %s", e.Message)
				return
			}
			if err != nil || *got != *tt.want {
				t.Fatalf("ParseAuthorization = %+v, %v; want %+v", got, err, *tt.want)
			}
		})
	}
}
