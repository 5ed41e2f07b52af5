package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// TestSSM_ErrorCodes is the catalogue: one case for every error code the
// SSM dialect returns, each provoked through the SDK and recognised by it
// (errors.As into its typed error where it has one, the API error code
// otherwise).
func TestSSM_ErrorCodes(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/err/p", "v", types.ParameterTypeString)
	ssmPut(t, c, "/err/pat", "123", types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.AllowedPattern = aws.String(`^\d+$`) })
	ssmPut(t, c, "/err/adv", "v", types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced))
	ssmPut(t, c, "/err/full", "v0", types.ParameterTypeString)
	for i := 1; i < 100; i++ {
		ssmPut(t, c, "/err/full", fmt.Sprint("v", i), "", ssmOverwrite)
	}
	_, err := ssmLabel(c, "/err/full", 1, "pinned")
	wantOK(t, err)
	var labels []string
	for i := range 10 {
		labels = append(labels, fmt.Sprint("l", i))
	}
	_, err = ssmLabel(c, "/err/p", 1, labels...)
	wantOK(t, err)
	var fifty []string
	for i := range 50 {
		fifty = append(fifty, fmt.Sprint("k", i), "v")
	}
	ssmPut(t, c, "/err/tagged", "v", types.ParameterTypeString, ssmTags(fifty...))

	putErr := func(in *ssm.PutParameterInput) func() error {
		return func() error { _, err := c.PutParameter(ctx, in); return err }
	}
	type row struct {
		name, code string
		call       func() error
		typed      func(*testing.T, error)
	}
	rows := []row{
		{"ParameterNotFound", "ParameterNotFound", func() error {
			_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/err/none")})
			return err
		}, wantTyped[*types.ParameterNotFound]},
		{"ParameterVersionNotFound", "ParameterVersionNotFound", func() error {
			_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/err/p:2")})
			return err
		}, wantTyped[*types.ParameterVersionNotFound]},
		{"ParameterAlreadyExists", "ParameterAlreadyExists", putErr(ssmPutInput("/err/p", "x", types.ParameterTypeString)), wantTyped[*types.ParameterAlreadyExists]},
		{"HierarchyLevelLimitExceeded", "HierarchyLevelLimitExceededException", putErr(ssmPutInput(strings.Repeat("/l", 16), "x", types.ParameterTypeString)), wantTyped[*types.HierarchyLevelLimitExceededException]},
		{"ParameterMaxVersionLimitExceeded", "ParameterMaxVersionLimitExceeded", putErr(ssmPutInput("/err/full", "v100", "", ssmOverwrite)), wantTyped[*types.ParameterMaxVersionLimitExceeded]},
		{"ParameterVersionLabelLimitExceeded", "ParameterVersionLabelLimitExceeded", func() error {
			_, err := ssmLabel(c, "/err/p", 1, "one-more")
			return err
		}, wantTyped[*types.ParameterVersionLabelLimitExceeded]},
		{"TooManyTagsError", "TooManyTagsError", func() error {
			_, err := c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/err/tagged"), Tags: ssmTagList("k50", "v")})
			return err
		}, wantTyped[*types.TooManyTagsError]},
		{"ParameterPatternMismatch", "ParameterPatternMismatchException", putErr(ssmPutInput("/err/pat", "abc", "", ssmOverwrite)), wantTyped[*types.ParameterPatternMismatchException]},
		{"InvalidAllowedPattern", "InvalidAllowedPatternException", putErr(ssmPutInput("/err/newpat", "x", types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.AllowedPattern = aws.String("(") })), wantTyped[*types.InvalidAllowedPatternException]},
		{"InvalidKeyId", "InvalidKeyId", putErr(ssmPutInput("/err/sec", "x", types.ParameterTypeSecureString, ssmKey("alias/nope"))), wantTyped[*types.InvalidKeyId]},
		{"InvalidNextToken", "InvalidNextToken", func() error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{NextToken: aws.String("bogus")})
			return err
		}, wantTyped[*types.InvalidNextToken]},
		{"InvalidFilterKey", "InvalidFilterKey", func() error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/err"), ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Name"), Values: []string{"x"}}}})
			return err
		}, wantTyped[*types.InvalidFilterKey]},
		{"InvalidFilterOption", "InvalidFilterOption", func() error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Tier"), Option: aws.String("Contains"), Values: []string{"Standard"}}}})
			return err
		}, wantTyped[*types.InvalidFilterOption]},
		{"InvalidFilterValue", "InvalidFilterValue", func() error {
			_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []types.ParameterStringFilter{{Key: aws.String("Type"), Values: []string{"Number"}}}})
			return err
		}, wantTyped[*types.InvalidFilterValue]},
		{"InvalidResourceId", "InvalidResourceId", func() error {
			_, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/err/none")})
			return err
		}, wantTyped[*types.InvalidResourceId]},
		{"InvalidResourceType", "InvalidResourceType", func() error {
			_, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingPatchBaseline, ResourceId: aws.String("pb-1")})
			return err
		}, wantTyped[*types.InvalidResourceType]},
		{"Validation_name", "ValidationException", putErr(ssmPutInput("/aws/reserved", "x", types.ParameterTypeString)), nil},
		{"Validation_limit", "ValidationException", func() error {
			_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/err"), MaxResults: aws.Int32(11)})
			return err
		}, nil},
		{"Validation_tier", "ValidationException", putErr(ssmPutInput("/err/adv", "x", "", ssmOverwrite, ssmTier(types.ParameterTierStandard))), nil},
		{"Validation_standard_4KiB", "ValidationException", putErr(ssmPutInput("/err/big", strings.Repeat("x", 4097), types.ParameterTypeString, ssmTier(types.ParameterTierStandard))), nil},
		{"Validation_advanced_8KiB", "ValidationException", putErr(ssmPutInput("/err/big", strings.Repeat("x", 8193), types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced))), nil},
		{"Validation_tags_with_overwrite", "ValidationException", putErr(ssmPutInput("/err/p", "x", "", ssmOverwrite, ssmTags("a", "b"))), nil},
		{"Validation_type_required", "ValidationException", putErr(ssmPutInput("/err/untyped", "x", "")), nil},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			err := r.call()
			wantCode(t, err, r.code)
			if r.typed != nil {
				r.typed(t, err)
			}
		})
	}
	t.Run("UnknownOperationException", func(t *testing.T) {
		for _, target := range []string{"AmazonSSM.SendCommand", "AmazonSSM.", "AmazonSSM", "Nope.GetParameter", ""} {
			r := e.ssmPost(t, target, []byte(`{}`), "test", "test")
			if r.Status != http.StatusBadRequest || r.Code != "UnknownOperationException" {
				t.Fatalf("target %q: %d %q %s", target, r.Status, r.Code, r.Body)
			}
		}
	})
}

// TestSSM_Authentication: a bad signature or an unknown key is refused
// before any operation runs.
func TestSSM_Authentication(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	cases := []struct{ name, ak, sk, code string }{
		{"wrong_secret", "test", "not-the-secret", "InvalidSignatureException"},
		{"unknown_access_key", "AKIAUNKNOWNKEY000000", "whatever", "UnrecognizedClientException"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ssm.NewFromConfig(e.awsConfig(ssmRegion, tc.ak, tc.sk))
			_, err := c.PutParameter(ctx, ssmPutInput("/auth/p", "x", types.ParameterTypeString))
			wantCode(t, err, tc.code)
			_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/auth/p")})
			wantCode(t, err, tc.code)
			if r := e.ssmPost(t, "AmazonSSM.DescribeParameters", []byte(`{}`), tc.ak, tc.sk); r.Status != 400 || r.Code != tc.code {
				t.Fatalf("raw: %d %q %s", r.Status, r.Code, r.Body)
			}
		})
	}
	_, err := e.ssm(ssmRegion).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/auth/p")})
	wantTyped[*types.ParameterNotFound](t, err)
}

// TestSSM_BadInput sends every operation bodies that no SDK would send:
// each must get a 4xx with an AWS error code — never a 5xx — and leave the
// store as it was.
func TestSSM_BadInput(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/bad/p", "v", types.ParameterTypeString, ssmTags("k", "v"))
	ops := []string{"PutParameter", "GetParameter", "GetParameters", "GetParametersByPath", "DescribeParameters", "GetParameterHistory",
		"LabelParameterVersion", "UnlabelParameterVersion", "DeleteParameter", "DeleteParameters", "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"}
	// Bodies that are broken for every operation: bad syntax, or a member
	// every operation reads given the wrong JSON type.
	broken := map[string]string{
		"truncated":        `{"Name":"/bad/p"`,
		"not_json":         `Name=/bad/p`,
		"array":            `[{"Name":"/bad/p"}]`,
		"string":           `"/bad/p"`,
		"trailing_garbage": `{"Name":"/bad/none"} {"Name":"/bad/none"}`,
		"too_deep":         strings.Repeat(`{"a":`, 20000) + `1` + strings.Repeat(`}`, 20000),
		"scalar_types":     `{"Name":42,"Names":"x","Path":7,"NextToken":5,"ResourceType":[],"ResourceId":{}}`,
		"list_types":       `{"Name":["x"],"Names":{"a":1},"Path":{},"Filters":"Name","ParameterFilters":{"Key":"Type"},"ResourceType":1}`,
	}
	// Bodies that some operation may accept; none names an existing
	// parameter in a way that could change it.
	odd := map[string]string{
		"bool_types":     `{"Name":"/bad/none","Names":["/bad/none"],"Path":"/bad","WithDecryption":{},"Overwrite":"yes","Recursive":1,"ResourceType":"Parameter","ResourceId":"/bad/none"}`,
		"fraction_ints":  `{"Name":"/bad/none","Names":["/bad/none"],"Path":"/bad","MaxResults":1.5,"ParameterVersion":1.5,"Labels":["x"],"ResourceType":"Parameter","ResourceId":"/bad/none"}`,
		"huge_ints":      `{"Name":"/bad/none","Names":["/bad/none"],"Path":"/bad","MaxResults":1e40,"ParameterVersion":99999999999999999999999,"Labels":["x"],"ResourceType":"Parameter","ResourceId":"/bad/none"}`,
		"extreme_ints":   `{"Name":"/bad/none","Names":["/bad/none"],"Path":"/bad","MaxResults":-9223372036854775808,"ParameterVersion":-9223372036854775808,"Labels":["x"],"ResourceType":"Parameter","ResourceId":"/bad/p","TagKeys":[]}`,
		"null_members":   `{"Name":null,"Names":null,"Path":null,"Labels":null,"Tags":null,"TagKeys":null,"ResourceType":null,"ResourceId":null,"Value":null,"ParameterVersion":null}`,
		"null_in_lists":  `{"Name":"/bad/q","Value":"v","Type":"String","Names":[null],"Path":"/bad","Labels":[null],"Tags":[null],"TagKeys":[null],"ParameterFilters":[null],"Filters":[null],"ResourceType":"Parameter","ResourceId":"/bad/p","ParameterVersion":1}`,
		"tag_types":      `{"Name":"/bad/q","Value":"v","Type":"String","ResourceType":"Parameter","ResourceId":"/bad/p","Tags":[{"Key":1,"Value":true}]}`,
		"empty_object":   `{}`,
		"null":           `null`,
		"empty":          ``,
		"invalid_utf8":   "{\"Name\":\"/bad/\xff\xfe\",\"Names\":[\"\xff\"],\"Path\":\"/\xff\",\"Value\":\"\xff\",\"Type\":\"String\",\"ResourceType\":\"Parameter\",\"ResourceId\":\"\xff\",\"Labels\":[\"\xff\"],\"ParameterVersion\":1,\"TagKeys\":[\"\xff\"],\"Tags\":[{\"Key\":\"\xff\",\"Value\":\"\xff\"}]}",
		"control_chars":  `{"Name":"/bad/\u0000x","Names":["\u0000"],"Path":"/\n","Value":"v","Type":"String","ResourceType":"Parameter","ResourceId":"\u0000","Labels":["\u0000"],"ParameterVersion":1,"TagKeys":["\u0000"]}`,
		"selector_abuse": `{"Name":"/bad/p:0","Names":["/bad/p:-1","/bad/p:","::",":"],"Path":"/bad/p:1","Labels":["x"],"ParameterVersion":0,"ResourceType":"Parameter","ResourceId":"/bad/p:1","TagKeys":["k"]}`,
		"arn_abuse":      `{"Name":"arn:aws:ssm:us-east-1:000000000000:parameter","Names":["arn:aws:ssm:::parameter/","arn:x:y:z:w:parameter/"],"Path":"arn:aws:ssm:us-east-1:000000000000:parameter/bad"}`,
		"filter_abuse":   `{"Path":"/","ParameterFilters":[{"Key":"tag:","Values":[""]},{"Key":"Path","Option":"Recursive","Values":["/","//"]}],"Filters":[{"Key":"Name","Values":[]}]}`,
		"token_abuse":    `{"Name":"/bad/none","Path":"/","NextToken":"AAAA","MaxResults":1}`,
	}
	var before []string
	snapshot := func() []string {
		var out []string
		pg := ssm.NewDescribeParametersPaginator(c, &ssm.DescribeParametersInput{})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			wantOK(t, err)
			for _, p := range page.Parameters {
				out = append(out, fmt.Sprintf("%s@%d", aws.ToString(p.Name), p.Version))
			}
		}
		tags, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/bad/p")})
		wantOK(t, err)
		return append(out, fmt.Sprint(len(tags.TagList), "tags"))
	}
	before = snapshot()
	for _, op := range ops {
		for name, body := range broken {
			t.Run(op+"/"+name, func(t *testing.T) {
				r := e.ssmPost(t, "AmazonSSM."+op, []byte(body), "test", "test")
				if r.Status < 400 || r.Status >= 500 || r.Code == "" {
					t.Fatalf("%d %q %s", r.Status, r.Code, r.Body)
				}
			})
		}
		for name, body := range odd {
			t.Run(op+"/"+name, func(t *testing.T) {
				r := e.ssmPost(t, "AmazonSSM."+op, []byte(body), "test", "test")
				if r.Status >= 500 || (r.Status >= 400 && r.Code == "") {
					t.Fatalf("%d %q %s", r.Status, r.Code, r.Body)
				}
			})
		}
	}
	if after := snapshot(); !ssmSame(after, before) {
		t.Fatalf("bad input changed the store:\nbefore %v\nafter  %v", before, after)
	}

	t.Run("body_over_1MiB", func(t *testing.T) {
		big := []byte(`{"Name":"/bad/huge","Type":"String","Value":"` + strings.Repeat("a", 1<<20) + `"}`)
		r := e.ssmPost(t, "AmazonSSM.PutParameter", big, "test", "test")
		if r.Status < 400 || r.Status >= 500 || r.Code == "" {
			t.Fatalf("%d %q %.200s", r.Status, r.Code, r.Body)
		}
		_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/bad/huge")})
		wantCode(t, err, "ParameterNotFound")
	})
	t.Run("wrong_type_serialization", func(t *testing.T) {
		r := e.ssmPost(t, "AmazonSSM.GetParameter", []byte(`{"Name":["/bad/p"]}`), "test", "test")
		if r.Status != 400 || r.Code != "SerializationException" {
			t.Fatalf("%d %q %s", r.Status, r.Code, r.Body)
		}
		if !bytes.Contains(r.Body, []byte("message")) {
			t.Fatalf("no message: %s", r.Body)
		}
	})
}
