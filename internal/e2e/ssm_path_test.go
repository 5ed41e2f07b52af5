package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

func TestSSM_GetParametersByPath(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	for _, n := range []string{"/svc/prod/db", "/svc/prod/api/key", "/svc/prod/api/url", "/svc/stage/db", "/svc/top", "/other/x", "flat"} {
		ssmPut(t, c, n, "v:"+n, types.ParameterTypeString)
	}
	ssmPut(t, c, "/svc/prod/secret", "s3cret", types.ParameterTypeSecureString)
	ssmPut(t, c, "/svc/prod/db", "v2", "", ssmOverwrite)
	_, err := c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: aws.String("/svc/prod/db"), ParameterVersion: aws.Int64(1), Labels: []string{"blue"}})
	wantOK(t, err)

	filter := func(key, option string, values ...string) []types.ParameterStringFilter {
		f := types.ParameterStringFilter{Key: aws.String(key), Values: values}
		if option != "" {
			f.Option = aws.String(option)
		}
		return []types.ParameterStringFilter{f}
	}
	cases := []struct {
		name      string
		path      string
		recursive bool
		filters   []types.ParameterStringFilter
		want      []string
	}{
		{"one_level", "/svc/prod", false, nil, []string{"/svc/prod/db", "/svc/prod/secret"}},
		{"one_level_trailing_slash", "/svc/prod/", false, nil, []string{"/svc/prod/db", "/svc/prod/secret"}},
		{"recursive", "/svc/prod", true, nil, []string{"/svc/prod/api/key", "/svc/prod/api/url", "/svc/prod/db", "/svc/prod/secret"}},
		// Names without a slash are at the root, as AWS lists them.
		{"root_one_level", "/", false, nil, []string{"flat"}},
		{"root_recursive", "/", true, nil, []string{"/other/x", "/svc/prod/api/key", "/svc/prod/api/url", "/svc/prod/db", "/svc/prod/secret", "/svc/stage/db", "/svc/top", "flat"}},
		{"prefix_is_not_a_path", "/sv", true, nil, nil},
		{"leaf_is_not_a_path", "/svc/top", true, nil, nil},
		{"type_filter", "/svc", true, filter("Type", "Equals", "SecureString"), []string{"/svc/prod/secret"}},
		{"keyid_filter", "/svc", true, filter("KeyId", "", "alias/aws/ssm"), []string{"/svc/prod/secret"}},
		{"label_filter", "/svc", true, filter("Label", "Equals", "blue"), []string{"/svc/prod/db"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []types.Parameter
			pg := ssm.NewGetParametersByPathPaginator(c, &ssm.GetParametersByPathInput{
				Path: aws.String(tc.path), Recursive: aws.Bool(tc.recursive), ParameterFilters: tc.filters, WithDecryption: aws.Bool(true),
			})
			for pg.HasMorePages() {
				out, err := pg.NextPage(ctx)
				wantOK(t, err)
				got = append(got, out.Parameters...)
			}
			if !ssmSame(ssmNames(got), tc.want) {
				t.Fatalf("got %v, want %v", ssmNames(got), tc.want)
			}
			for _, p := range got {
				if aws.ToString(p.ARN) != ssmARN+"/"+strings.TrimPrefix(aws.ToString(p.Name), "/") {
					t.Fatalf("ARN %q for %q", aws.ToString(p.ARN), aws.ToString(p.Name))
				}
			}
			if tc.name == "label_filter" && (got[0].Version != 1 || aws.ToString(got[0].Value) != "v:/svc/prod/db") {
				t.Fatalf("label filter returned version %d value %q, want the labelled version 1", got[0].Version, aws.ToString(got[0].Value))
			}
		})
	}

	refused := []struct {
		name    string
		in      *ssm.GetParametersByPathInput
		code    string
		typedOK func(*testing.T, error)
	}{
		{"path_without_slash", &ssm.GetParametersByPathInput{Path: aws.String("svc")}, "ValidationException", nil},
		{"max_results_11", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), MaxResults: aws.Int32(11)}, "ValidationException", nil},
		{"max_results_0", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), MaxResults: aws.Int32(0)}, "ValidationException", nil},
		{"name_filter", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Name", "Equals", "x")}, "InvalidFilterKey", wantTyped[*types.InvalidFilterKey]},
		{"path_filter", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Path", "", "/svc")}, "InvalidFilterKey", wantTyped[*types.InvalidFilterKey]},
		{"tier_filter", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Tier", "", "Standard")}, "InvalidFilterKey", wantTyped[*types.InvalidFilterKey]},
		{"tag_filter", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("tag:env", "", "prod")}, "InvalidFilterKey", wantTyped[*types.InvalidFilterKey]},
		{"filter_key_pattern", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Colour", "", "x")}, "ValidationException", nil},
		{"label_option", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Label", "BeginsWith", "b")}, "InvalidFilterOption", wantTyped[*types.InvalidFilterOption]},
		{"type_option", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Type", "Contains", "String")}, "InvalidFilterOption", wantTyped[*types.InvalidFilterOption]},
		{"type_value", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), ParameterFilters: filter("Type", "Equals", "Binary")}, "InvalidFilterValue", wantTyped[*types.InvalidFilterValue]},
		{"garbage_token", &ssm.GetParametersByPathInput{Path: aws.String("/svc"), NextToken: aws.String("not-a-token")}, "InvalidNextToken", wantTyped[*types.InvalidNextToken]},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.GetParametersByPath(ctx, tc.in)
			wantCode(t, err, tc.code)
			if tc.typedOK != nil {
				tc.typedOK(t, err)
			}
		})
	}
}

// TestSSM_Paging pages every listing at every page size: each parameter
// comes back exactly once, and a token is good only for the listing that
// issued it.
func TestSSM_Paging(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	var deep, all []string
	for i := range 23 {
		n := fmt.Sprintf("/pg/a/p%02d", i)
		if i%3 == 0 {
			n = fmt.Sprintf("/pg/a/sub/%d/q%02d", i%2, i)
			deep = append(deep, n)
		}
		ssmPut(t, c, n, "v", types.ParameterTypeString)
		all = append(all, n)
	}
	for i := range 7 {
		n := fmt.Sprintf("/pg/b/x%d", i)
		ssmPut(t, c, n, "v", types.ParameterTypeString)
		all = append(all, n)
	}
	ssmPut(t, c, "pg-flat", "v", types.ParameterTypeString)
	all = append(all, "pg-flat")
	oneLevel := len(all) - len(deep) - 7 - 1

	t.Run("by_path_every_page_size", func(t *testing.T) {
		for size := int32(1); size <= 10; size++ {
			for _, rec := range []bool{false, true} {
				seen := map[string]int{}
				var token *string
				for pages := 0; ; pages++ {
					out, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/a"), Recursive: aws.Bool(rec), MaxResults: aws.Int32(size), NextToken: token})
					wantOK(t, err)
					if len(out.Parameters) > int(size) {
						t.Fatalf("size %d: page of %d", size, len(out.Parameters))
					}
					for _, p := range out.Parameters {
						seen[aws.ToString(p.Name)]++
					}
					if token = out.NextToken; token == nil || pages > 100 {
						break
					}
				}
				want := oneLevel
				if rec {
					want = 23
				}
				if len(seen) != want {
					t.Fatalf("size %d recursive %v: %d distinct parameters, want %d", size, rec, len(seen), want)
				}
				for n, k := range seen {
					if k != 1 {
						t.Fatalf("size %d: %s returned %d times", size, n, k)
					}
				}
			}
		}
	})

	t.Run("describe_every_page_size", func(t *testing.T) {
		for _, size := range []int32{1, 2, 3, 7, 10, 31, 50} {
			seen := map[string]int{}
			pg := ssm.NewDescribeParametersPaginator(c, &ssm.DescribeParametersInput{MaxResults: aws.Int32(size)})
			for pg.HasMorePages() {
				out, err := pg.NextPage(ctx)
				wantOK(t, err)
				for _, p := range out.Parameters {
					seen[aws.ToString(p.Name)]++
				}
			}
			if len(seen) != len(all) {
				t.Fatalf("size %d: %d distinct parameters, want %d", size, len(seen), len(all))
			}
			for n, k := range seen {
				if k != 1 {
					t.Fatalf("size %d: %s returned %d times", size, n, k)
				}
			}
		}
	})

	// Tokens issued by one listing, offered to another.
	byPath := func(path string, rec bool) *string {
		out, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String(path), Recursive: aws.Bool(rec), MaxResults: aws.Int32(1)})
		wantOK(t, err)
		return out.NextToken
	}
	desc, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{MaxResults: aws.Int32(1)})
	wantOK(t, err)
	for _, n := range []string{"/pg/b/x0", "/pg/b/x1"} {
		for range 3 {
			ssmPut(t, c, n, "v", "", ssmOverwrite)
		}
	}
	hist, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/pg/b/x0"), MaxResults: aws.Int32(1)})
	wantOK(t, err)
	tokens := map[string]*string{"path_a": byPath("/pg/a", false), "path_a_rec": byPath("/pg/a", true), "path_b": byPath("/pg/b", false), "describe": desc.NextToken, "history_x0": hist.NextToken}
	for name, tok := range tokens {
		if tok == nil {
			t.Fatalf("%s issued no token", name)
		}
	}
	uses := []struct {
		name, token string
		call        func(tok *string) error
	}{
		{"path_b_with_path_a", "path_a", func(tok *string) error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/b"), NextToken: tok})
			return err
		}},
		{"recursive_with_one_level", "path_a", func(tok *string) error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/a"), Recursive: aws.Bool(true), NextToken: tok})
			return err
		}},
		{"one_level_with_recursive", "path_a_rec", func(tok *string) error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/a"), NextToken: tok})
			return err
		}},
		{"describe_with_path", "path_b", func(tok *string) error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{NextToken: tok})
			return err
		}},
		{"path_with_describe", "describe", func(tok *string) error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/b"), NextToken: tok})
			return err
		}},
		{"path_with_other_filters", "path_a", func(tok *string) error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/pg/a"), NextToken: tok,
				ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Type"), Values: []string{"String"}}}})
			return err
		}},
		{"describe_with_other_filters", "describe", func(tok *string) error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{NextToken: tok,
				ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Option: aws.String("BeginsWith"), Values: []string{"/pg"}}}})
			return err
		}},
		{"history_with_describe", "describe", func(tok *string) error {
			_, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/pg/b/x0"), NextToken: tok})
			return err
		}},
		{"history_other_parameter", "history_x0", func(tok *string) error {
			_, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/pg/b/x1"), NextToken: tok})
			return err
		}},
		{"describe_with_history", "history_x0", func(tok *string) error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{NextToken: tok})
			return err
		}},
	}
	for _, u := range uses {
		t.Run("token_"+u.name, func(t *testing.T) {
			wantTyped[*types.InvalidNextToken](t, u.call(tokens[u.token]))
		})
	}
}
