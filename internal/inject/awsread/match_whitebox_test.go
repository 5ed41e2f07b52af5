package awsread

// White-box tests of the matching and classification helpers.

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

func TestMatchParameter(t *testing.T) {
	p := ssmtypes.Parameter{Name: aws.String("/app/db"), ARN: aws.String("arn:aws:ssm:us-east-1:0:parameter/app/db")}
	sel := p
	sel.Selector = aws.String(":2")
	root := ssmtypes.Parameter{Name: aws.String("top"), ARN: aws.String("arn:aws:ssm:us-east-1:0:parameter/top")}
	tests := []struct {
		ref  string
		p    ssmtypes.Parameter
		want bool
	}{
		{"/app/db", p, true},
		{"arn:aws:ssm:us-east-1:0:parameter/app/db", p, true},
		{"/app/db:2", sel, true},
		{"/app/db", sel, false},
		{"/app/other", p, false},
		{"/top", root, true},
		{"top", root, true},
		{"app/db", p, false},
	}
	for _, tt := range tests {
		if got := matchParameter(tt.ref, tt.p); got != tt.want {
			t.Errorf("matchParameter(%q, %s%s) = %v", tt.ref, aws.ToString(tt.p.Name), aws.ToString(tt.p.Selector), got)
		}
	}
}

func TestMatchSecret(t *testing.T) {
	const arn = "arn:aws:secretsmanager:us-east-1:0:secret:app/db-AbCdEf"
	for id, want := range map[string]bool{
		"app/db": true, arn: true, "arn:aws:secretsmanager:us-east-1:0:secret:app/db": true,
		"app/d": false, "arn:aws:secretsmanager:us-east-1:0:secret:app/d": false,
	} {
		if got := matchSecret(id, arn, "app/db"); got != want {
			t.Errorf("matchSecret(%q) = %v", id, got)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want error
	}{
		{&smithy.GenericAPIError{Code: "ParameterNotFound"}, inject.ErrNotFound},
		{&smithy.GenericAPIError{Code: "ResourceNotFoundException"}, inject.ErrNotFound},
		{&smithy.GenericAPIError{Code: "AccessDeniedException"}, inject.ErrDenied},
		{&smithy.GenericAPIError{Code: "UnrecognizedClientException"}, inject.ErrDenied},
		{&smithyhttp.RequestSendError{Err: errors.New("dial tcp: connection refused")}, inject.ErrUnreachable},
		{context.DeadlineExceeded, inject.ErrUnreachable},
	}
	for _, tt := range tests {
		if got := classify(tt.err); !errors.Is(got, tt.want) {
			t.Errorf("classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if got := classify(&smithy.GenericAPIError{Code: "ThrottlingException", Message: "slow down"}); got.Error() != "ThrottlingException: slow down" {
		t.Errorf("message = %q", got)
	}
	if v, err := stageVersion(map[string][]string{"v1": {"AWSPREVIOUS"}, "v2": {"AWSCURRENT", "x"}}, ""); v != "v2" || err != nil {
		t.Errorf("stageVersion = %q, %v", v, err)
	}
	if _, err := stageVersion(nil, "AWSPENDING"); !errors.Is(err, inject.ErrNotFound) {
		t.Errorf("no version with the stage: %v", err)
	}
}

// deniedSSM refuses GetParameters for any batch with a denied name and
// answers GetParameter per name.
type deniedSSM struct {
	SSMAPI
	denied map[string]bool
}

func (d deniedSSM) GetParameters(_ context.Context, in *ssm.GetParametersInput, _ ...func(*ssm.Options)) (*ssm.GetParametersOutput, error) {
	for _, n := range in.Names {
		if d.denied[n] {
			return nil, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized on " + n}
		}
	}
	return nil, errors.New("unexpected")
}

func (d deniedSSM) GetParameter(_ context.Context, in *ssm.GetParameterInput, _ ...func(*ssm.Options)) (*ssm.GetParameterOutput, error) {
	n := aws.ToString(in.Name)
	if d.denied[n] {
		return nil, &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "not authorized on " + n}
	}
	return &ssm.GetParameterOutput{Parameter: &ssmtypes.Parameter{Name: in.Name, Value: aws.String("v:" + n), Version: 3}}, nil
}

// TestParameters_DeniedBatchIsAttributed: a refused GetParameters is
// retried name by name, so that only the refused parameter fails.
func TestParameters_DeniedBatchIsAttributed(t *testing.T) {
	r := &Reader{SSM: deniedSSM{denied: map[string]bool{"/b": true}}}
	res := r.Parameters(context.Background(), "", []string{"/a", "/b", "/c"})
	for i, n := range []string{"/a", "/b", "/c"} {
		switch {
		case n == "/b" && !errors.Is(res[i].Err, inject.ErrDenied):
			t.Errorf("/b: %v", res[i].Err)
		case n != "/b" && (res[i].Err != nil || res[i].Value != "v:"+n || res[i].Version != fmt.Sprint(3)):
			t.Errorf("%s = %+v", n, res[i])
		}
	}
}
