package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

func TestSSM_DescribeParameters(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	before := time.Now().Add(-time.Second)
	ssmPut(t, c, "/d/app/url", "u", types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.Description = aws.String("the url") })
	ssmPut(t, c, "/d/app/list", "a,b", types.ParameterTypeStringList, ssmTags("env", "prod", "team", "core"))
	ssmPut(t, c, "/d/app/deep/secret", "s", types.ParameterTypeSecureString, ssmTags("env", "stage"))
	ssmPut(t, c, "/d/big", "x", types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced))
	ssmPut(t, c, "/d/ami", "ami-12345678", types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.DataType = aws.String("aws:ec2:image") })
	ssmPut(t, c, "d-flat", "f", types.ParameterTypeString)
	ssmPut(t, c, "/d/app/url", "u2", "", ssmOverwrite)

	f := func(key, option string, values ...string) types.ParameterStringFilter {
		pf := types.ParameterStringFilter{Key: aws.String(key), Values: values}
		if option != "" {
			pf.Option = aws.String(option)
		}
		return pf
	}
	cases := []struct {
		name    string
		in      *ssm.DescribeParametersInput
		want    []string
		code    string
		checkAs func(*testing.T, error)
	}{
		{name: "all", in: &ssm.DescribeParametersInput{}, want: []string{"/d/ami", "/d/app/deep/secret", "/d/app/list", "/d/app/url", "/d/big", "d-flat"}},
		{name: "name_equals", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Name", "Equals", "/d/big", "d-flat")}}, want: []string{"/d/big", "d-flat"}},
		{name: "name_equals_other_spelling", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Name", "", "/d-flat")}}, want: []string{"d-flat"}},
		{name: "name_begins_with", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Name", "BeginsWith", "/d/app/")}}, want: []string{"/d/app/deep/secret", "/d/app/list", "/d/app/url"}},
		{name: "name_contains", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Name", "Contains", "e")}}, want: []string{"/d/app/deep/secret"}},
		{name: "path_one_level", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "OneLevel", "/d/app")}}, want: []string{"/d/app/list", "/d/app/url"}},
		{name: "path_recursive", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "Recursive", "/d/app")}}, want: []string{"/d/app/deep/secret", "/d/app/list", "/d/app/url"}},
		{name: "path_root", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "", "/")}}, want: []string{"d-flat"}},
		{name: "type", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Type", "Equals", "StringList", "SecureString")}}, want: []string{"/d/app/deep/secret", "/d/app/list"}},
		{name: "keyid", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("KeyId", "", "alias/aws/ssm")}}, want: []string{"/d/app/deep/secret"}},
		{name: "tier", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Tier", "", "Advanced")}}, want: []string{"/d/big"}},
		{name: "data_type", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("DataType", "", "aws:ec2:image")}}, want: []string{"/d/ami"}},
		{name: "tag_value", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("tag:env", "", "prod")}}, want: []string{"/d/app/list"}},
		{name: "tag_key_only", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("tag:env", "")}}, want: []string{"/d/app/deep/secret", "/d/app/list"}},
		{name: "filters_combine", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "Recursive", "/d"), f("Type", "", "String")}}, want: []string{"/d/ami", "/d/app/url", "/d/big"}},
		{name: "legacy_name_prefix", in: &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: types.ParametersFilterKeyName, Values: []string{"/d/a"}}}}, want: []string{"/d/ami", "/d/app/deep/secret", "/d/app/list", "/d/app/url"}},
		{name: "legacy_type", in: &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: types.ParametersFilterKeyType, Values: []string{"SecureString"}}}}, want: []string{"/d/app/deep/secret"}},
		{name: "both_filter_kinds", in: &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: types.ParametersFilterKeyType, Values: []string{"String"}}}, ParameterFilters: []types.ParameterStringFilter{f("Type", "", "String")}}, code: "ValidationException"},
		{name: "legacy_bad_key", in: &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: "Path", Values: []string{"/d"}}}}, code: "ValidationException"},
		{name: "legacy_no_values", in: &ssm.DescribeParametersInput{Filters: []types.ParametersFilter{{Key: types.ParametersFilterKeyName, Values: []string{}}}}, code: "ValidationException"},
		{name: "max_results_51", in: &ssm.DescribeParametersInput{MaxResults: aws.Int32(51)}, code: "ValidationException"},
		{name: "key_pattern", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Colour", "", "x")}}, code: "ValidationException"},
		{name: "empty_value_list", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Type", "", []string{}...)}}, code: "ValidationException"},
		{name: "label_key", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Label", "", "x")}}, code: "InvalidFilterKey", checkAs: wantTyped[*types.InvalidFilterKey]},
		{name: "duplicate_key", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Type", "", "String"), f("Type", "", "SecureString")}}, code: "InvalidFilterKey", checkAs: wantTyped[*types.InvalidFilterKey]},
		{name: "path_option", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "Equals", "/d")}}, code: "InvalidFilterOption", checkAs: wantTyped[*types.InvalidFilterOption]},
		{name: "type_option", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Type", "Contains", "String")}}, code: "InvalidFilterOption", checkAs: wantTyped[*types.InvalidFilterOption]},
		{name: "type_value", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Type", "", "Binary")}}, code: "InvalidFilterValue", checkAs: wantTyped[*types.InvalidFilterValue]},
		{name: "tier_value", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Tier", "", "Gold")}}, code: "InvalidFilterValue", checkAs: wantTyped[*types.InvalidFilterValue]},
		{name: "path_value", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Path", "", "d/app")}}, code: "InvalidFilterValue", checkAs: wantTyped[*types.InvalidFilterValue]},
		{name: "name_without_values", in: &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{f("Name", "")}}, code: "InvalidFilterValue", checkAs: wantTyped[*types.InvalidFilterValue]},
		{name: "bad_token", in: &ssm.DescribeParametersInput{NextToken: aws.String("AAAA")}, code: "InvalidNextToken", checkAs: wantTyped[*types.InvalidNextToken]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []types.ParameterMetadata
			in := *tc.in
			for {
				out, err := c.DescribeParameters(ctx, &in)
				if tc.code != "" {
					wantCode(t, err, tc.code)
					if tc.checkAs != nil {
						tc.checkAs(t, err)
					}
					return
				}
				wantOK(t, err)
				got = append(got, out.Parameters...)
				if in.NextToken = out.NextToken; in.NextToken == nil {
					break
				}
			}
			var names []string
			for _, p := range got {
				names = append(names, aws.ToString(p.Name))
			}
			if !ssmSame(ssmSorted(names), tc.want) {
				t.Fatalf("got %v, want %v", ssmSorted(names), tc.want)
			}
		})
	}

	t.Run("metadata", func(t *testing.T) {
		d := ssmDescribeOne(t, c, "/d/app/url")
		if d.Type != types.ParameterTypeString || d.Version != 2 || aws.ToString(d.Description) != "the url" ||
			d.Tier != types.ParameterTierStandard || aws.ToString(d.DataType) != "text" || d.KeyId != nil ||
			aws.ToString(d.ARN) != ssmARN+"/d/app/url" || aws.ToString(d.LastModifiedUser) != "arn:aws:iam::000000000000:root" {
			t.Fatalf("metadata: %+v", d)
		}
		if d.LastModifiedDate == nil || d.LastModifiedDate.Before(before) || d.LastModifiedDate.After(time.Now().Add(time.Second)) {
			t.Fatalf("LastModifiedDate = %v", d.LastModifiedDate)
		}
		if s := ssmDescribeOne(t, c, "/d/app/deep/secret"); aws.ToString(s.KeyId) != "alias/aws/ssm" || s.Type != types.ParameterTypeSecureString {
			t.Fatalf("secure metadata: KeyId %q type %q", aws.ToString(s.KeyId), s.Type)
		}
	})

	t.Run("policies_reported", func(t *testing.T) {
		pols := `[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-12-02T21:34:33.000Z"}},{"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"20","Unit":"Days"}}]`
		ssmPut(t, c, "/d/pol", "x", types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced), func(in *ssm.PutParameterInput) { in.Policies = aws.String(pols) })
		d := ssmDescribeOne(t, c, "/d/pol")
		if len(d.Policies) != 2 {
			t.Fatalf("policies: %+v", d.Policies)
		}
		for i, want := range []string{"Expiration", "NoChangeNotification"} {
			if aws.ToString(d.Policies[i].PolicyType) != want {
				t.Fatalf("policy %d type %q, want %q", i, aws.ToString(d.Policies[i].PolicyType), want)
			}
		}
	})
}
