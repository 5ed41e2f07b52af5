package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

const ssmARN = "arn:aws:ssm:us-east-1:000000000000:parameter"

func TestSSM_GetParameter(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	for i, v := range []string{"one", "two", "three"} {
		ssmPut(t, c, "/app/db/url", v, types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.Overwrite = aws.Bool(i > 0) })
	}
	ssmPut(t, c, "flat", "flat-value", types.ParameterTypeString)
	ssmPut(t, c, "flat", "flat-value-2", types.ParameterTypeString, ssmOverwrite)
	_, err := c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: aws.String("/app/db/url"), ParameterVersion: aws.Int64(1), Labels: []string{"stable"}})
	wantOK(t, err)
	_, err = c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: aws.String("flat"), ParameterVersion: aws.Int64(1), Labels: []string{"old"}})
	wantOK(t, err)

	cases := []struct {
		name, ref       string
		wantName, value string
		version         int64
		selector        string
		code            string // expected error code instead
	}{
		{name: "latest", ref: "/app/db/url", wantName: "/app/db/url", value: "three", version: 3},
		{name: "version", ref: "/app/db/url:2", wantName: "/app/db/url", value: "two", version: 2, selector: ":2"},
		{name: "label", ref: "/app/db/url:stable", wantName: "/app/db/url", value: "one", version: 1, selector: ":stable"},
		{name: "arn", ref: ssmARN + "/app/db/url", wantName: "/app/db/url", value: "three", version: 3},
		{name: "arn_version", ref: ssmARN + "/app/db/url:1", wantName: "/app/db/url", value: "one", version: 1, selector: ":1"},
		{name: "arn_label", ref: ssmARN + "/app/db/url:stable", wantName: "/app/db/url", value: "one", version: 1, selector: ":stable"},
		{name: "flat", ref: "flat", wantName: "flat", value: "flat-value-2", version: 2},
		{name: "flat_arn", ref: ssmARN + "/flat", wantName: "flat", value: "flat-value-2", version: 2},
		{name: "flat_arn_label", ref: ssmARN + "/flat:old", wantName: "flat", value: "flat-value", version: 1, selector: ":old"},
		{name: "missing", ref: "/app/db/nope", code: "ParameterNotFound"},
		{name: "missing_arn", ref: ssmARN + "/app/db/nope", code: "ParameterNotFound"},
		{name: "flat_slashed", ref: "/flat", wantName: "flat", value: "flat-value-2", version: 2},
		{name: "flat_slashed_label", ref: "/flat:old", wantName: "flat", value: "flat-value", version: 1, selector: ":old"},
		{name: "version_too_high", ref: "/app/db/url:4", code: "ParameterVersionNotFound"},
		{name: "unknown_label", ref: "/app/db/url:nolabel", code: "ParameterVersionNotFound"},
		{name: "arn_other_region", ref: "arn:aws:ssm:us-west-2:000000000000:parameter/app/db/url", code: "ParameterNotFound"},
		{name: "arn_other_account", ref: "arn:aws:ssm:us-east-1:111111111111:parameter/app/db/url", code: "ParameterNotFound"},
		{name: "name_too_long", ref: strings.Repeat("n", 2049), code: "ValidationException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(tc.ref)})
			if tc.code != "" {
				wantCode(t, err, tc.code)
				switch tc.code {
				case "ParameterNotFound":
					wantTyped[*types.ParameterNotFound](t, err)
				case "ParameterVersionNotFound":
					wantTyped[*types.ParameterVersionNotFound](t, err)
				}
				return
			}
			wantOK(t, err)
			p := out.Parameter
			if aws.ToString(p.Name) != tc.wantName || aws.ToString(p.Value) != tc.value || p.Version != tc.version || aws.ToString(p.Selector) != tc.selector {
				t.Fatalf("got name %q value %q version %d selector %q; want %q %q %d %q",
					aws.ToString(p.Name), aws.ToString(p.Value), p.Version, aws.ToString(p.Selector), tc.wantName, tc.value, tc.version, tc.selector)
			}
			wantARN := ssmARN + "/" + strings.TrimPrefix(tc.wantName, "/")
			if aws.ToString(p.ARN) != wantARN {
				t.Fatalf("ARN = %q, want %q", aws.ToString(p.ARN), wantARN)
			}
		})
	}
}

func TestSSM_GetParameters(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/gp/a", "A", types.ParameterTypeString)
	ssmPut(t, c, "/gp/b", "B1", types.ParameterTypeSecureString)
	ssmPut(t, c, "/gp/b", "B2", "", ssmOverwrite)
	ssmPut(t, c, "gp-flat", "F", types.ParameterTypeStringList)

	cases := []struct {
		name    string
		refs    []string
		found   []string // "name=value"
		invalid []string
	}{
		{"all_found", []string{"/gp/a", "/gp/b", "gp-flat"}, []string{"/gp/a=A", "/gp/b=B2", "gp-flat=F"}, nil},
		{"some_missing", []string{"/gp/a", "/gp/missing", "missing"}, []string{"/gp/a=A"}, []string{"/gp/missing", "missing"}},
		{"selectors", []string{"/gp/b:1", "/gp/b:9", "/gp/b:nolabel"}, []string{"/gp/b=B1"}, []string{"/gp/b:9", "/gp/b:nolabel"}},
		{"arn", []string{ssmARN + "/gp/a", ssmARN + "/gp-flat"}, []string{"/gp/a=A", "gp-flat=F"}, nil},
		{"duplicates_once", []string{"/gp/a", "/gp/a"}, []string{"/gp/a=A"}, nil},
		{"none_found", []string{"/gp/x"}, nil, []string{"/gp/x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: tc.refs, WithDecryption: aws.Bool(true)})
			wantOK(t, err)
			var found []string
			for _, p := range out.Parameters {
				found = append(found, aws.ToString(p.Name)+"="+aws.ToString(p.Value))
			}
			if !ssmSame(ssmSorted(found), ssmSorted(tc.found)) || !ssmSame(ssmSorted(out.InvalidParameters), ssmSorted(tc.invalid)) {
				t.Fatalf("found %v invalid %v; want %v %v", found, out.InvalidParameters, tc.found, tc.invalid)
			}
		})
	}

	refused := []struct {
		name string
		refs []string
	}{
		{"no_names", []string{}},
		{"eleven_names", []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11"}},
		{"empty_name", []string{""}},
		{"name_too_long", []string{strings.Repeat("n", 2049)}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: tc.refs})
			wantCode(t, err, "ValidationException")
		})
	}
}
