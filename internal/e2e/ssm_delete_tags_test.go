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

func TestSSM_DeleteParameter(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	ssmPut(t, c, "/del/a", "a1", types.ParameterTypeSecureString, ssmTags("k", "v"))
	ssmPut(t, c, "/del/a", "a2", "", ssmOverwrite)
	_, err := ssmLabel(c, "/del/a", 1, "old")
	wantOK(t, err)

	_, err = c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/del/a")})
	wantOK(t, err)
	gone := map[string]error{}
	_, gone["get"] = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/del/a")})
	_, gone["get_label"] = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/del/a:old")})
	_, gone["history"] = c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/del/a")})
	_, gone["delete_again"] = c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/del/a")})
	for name, err := range gone {
		t.Run(name, func(t *testing.T) { wantTyped[*types.ParameterNotFound](t, err) })
	}
	_, err = c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/del/a")})
	wantTyped[*types.InvalidResourceId](t, err)
	byPath, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/del")})
	wantOK(t, err)
	if len(byPath.Parameters) != 0 {
		t.Fatalf("deleted parameter still listed: %v", ssmNames(byPath.Parameters))
	}

	t.Run("recreate_starts_over", func(t *testing.T) {
		if v := ssmPut(t, c, "/del/a", "fresh", types.ParameterTypeString); v != 1 {
			t.Fatalf("recreated at version %d", v)
		}
		tags, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/del/a")})
		wantOK(t, err)
		if len(tags.TagList) != 0 {
			t.Fatalf("old tags came back: %v", tags.TagList)
		}
		if _, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/del/a:old")}); apiCode(err) != "ParameterVersionNotFound" {
			t.Fatalf("old label came back: %v", err)
		}
	})
}

func TestSSM_DeleteParameters(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	for _, n := range []string{"/dm/a", "/dm/b", "dm-flat"} {
		ssmPut(t, c, n, "v", types.ParameterTypeString)
	}
	out, err := c.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: []string{"/dm/a", "/dm/none", "dm-flat", "none"}})
	wantOK(t, err)
	if !ssmSame(ssmSorted(out.DeletedParameters), []string{"/dm/a", "dm-flat"}) || !ssmSame(ssmSorted(out.InvalidParameters), []string{"/dm/none", "none"}) {
		t.Fatalf("deleted %v invalid %v", out.DeletedParameters, out.InvalidParameters)
	}
	left, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	wantOK(t, err)
	if len(left.Parameters) != 1 || aws.ToString(left.Parameters[0].Name) != "/dm/b" {
		t.Fatalf("left: %+v", left.Parameters)
	}
	for name, names := range map[string][]string{"none": {}, "eleven": strings.Split("a,b,c,d,e,f,g,h,i,j,k", ","), "empty_name": {""}} {
		t.Run(name, func(t *testing.T) {
			_, err := c.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: names})
			wantCode(t, err, "ValidationException")
		})
	}
	if d := ssmDescribeOne(t, c, "/dm/b"); d.Version != 1 {
		t.Fatalf("refused deletes touched /dm/b")
	}
}

func TestSSM_Tags(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	param := types.ResourceTypeForTaggingParameter
	list := func(t *testing.T, id string) []string {
		t.Helper()
		out, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: param, ResourceId: aws.String(id)})
		wantOK(t, err)
		var kv []string
		for _, tg := range out.TagList {
			kv = append(kv, aws.ToString(tg.Key)+"="+aws.ToString(tg.Value))
		}
		return kv
	}
	add := func(id string, kv ...string) error {
		_, err := c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: param, ResourceId: aws.String(id), Tags: ssmTagList(kv...)})
		return err
	}
	ssmPut(t, c, "/t/p", "v", types.ParameterTypeString, ssmTags("env", "prod", "team", "core"))

	t.Run("created_with_tags", func(t *testing.T) {
		if got := list(t, "/t/p"); !ssmSame(got, []string{"env=prod", "team=core"}) {
			t.Fatalf("tags %v", got)
		}
	})
	t.Run("survive_overwrite", func(t *testing.T) {
		ssmPut(t, c, "/t/p", "v2", "", ssmOverwrite)
		if got := list(t, "/t/p"); !ssmSame(got, []string{"env=prod", "team=core"}) {
			t.Fatalf("tags after overwrite %v", got)
		}
	})
	t.Run("add_replaces_and_adds", func(t *testing.T) {
		wantOK(t, add("/t/p", "env", "stage", "owner", "a@b.c", "note", "x y:z/+=-_.@"))
		if got := list(t, "/t/p"); !ssmSame(got, []string{"env=stage", "note=x y:z/+=-_.@", "owner=a@b.c", "team=core"}) {
			t.Fatalf("tags %v", got)
		}
	})
	t.Run("remove", func(t *testing.T) {
		_, err := c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: param, ResourceId: aws.String("/t/p"), TagKeys: []string{"note", "owner", "absent"}})
		wantOK(t, err)
		if got := list(t, "/t/p"); !ssmSame(got, []string{"env=stage", "team=core"}) {
			t.Fatalf("tags %v", got)
		}
	})
	t.Run("fifty_then_too_many", func(t *testing.T) {
		ssmPut(t, c, "/t/many", "v", types.ParameterTypeString)
		var kv []string
		for i := range 50 {
			kv = append(kv, fmt.Sprint("k", i), "v")
		}
		wantOK(t, add("/t/many", kv...))
		wantTyped[*types.TooManyTagsError](t, add("/t/many", "k50", "v"))
		wantOK(t, add("/t/many", "k0", "replaced")) // replacing is not adding
		if got := list(t, "/t/many"); len(got) != 50 {
			t.Fatalf("%d tags", len(got))
		}
		_, err := c.PutParameter(ctx, ssmPutInput("/t/many2", "v", types.ParameterTypeString, ssmTags(append(kv, "k50", "v")...)))
		wantTyped[*types.TooManyTagsError](t, err)
	})
	t.Run("root_spelling", func(t *testing.T) {
		ssmPut(t, c, "t-flat", "v", types.ParameterTypeString)
		wantOK(t, add("/t-flat", "a", "b"))
		if got := list(t, "t-flat"); !ssmSame(got, []string{"a=b"}) {
			t.Fatalf("tags %v", got)
		}
	})

	refused := []struct {
		name string
		call func() error
		code string
	}{
		{"add_unknown_parameter", func() error { return add("/t/none", "a", "b") }, "InvalidResourceId"},
		{"list_unknown_parameter", func() error {
			_, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: param, ResourceId: aws.String("/t/none")})
			return err
		}, "InvalidResourceId"},
		{"remove_unknown_parameter", func() error {
			_, err := c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: param, ResourceId: aws.String("/t/none"), TagKeys: []string{"a"}})
			return err
		}, "InvalidResourceId"},
		{"other_resource_type", func() error {
			_, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingDocument, ResourceId: aws.String("/t/p")})
			return err
		}, "InvalidResourceType"},
		{"add_other_resource_type", func() error {
			_, err := c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: types.ResourceTypeForTaggingManagedInstance, ResourceId: aws.String("mi-1"), Tags: ssmTagList("a", "b")})
			return err
		}, "InvalidResourceType"},
		{"resource_type_not_in_enum", func() error {
			_, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: "Bucket", ResourceId: aws.String("/t/p")})
			return err
		}, "ValidationException"},
		{"tag_key_chars", func() error { return add("/t/p", "bad#key", "v") }, "ValidationException"},
		{"tag_key_too_long", func() error { return add("/t/p", strings.Repeat("k", 129), "v") }, "ValidationException"},
		{"tag_value_too_long", func() error { return add("/t/p", "k", strings.Repeat("v", 257)) }, "ValidationException"},
		{"tag_value_chars", func() error { return add("/t/p", "k", "semi;colon") }, "ValidationException"},
		{"tag_value_empty", func() error { return add("/t/p", "k", "") }, "ValidationException"},
		{"duplicate_keys", func() error { return add("/t/p", "k", "1", "k", "2") }, "ValidationException"},
		{"remove_key_chars", func() error {
			_, err := c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: param, ResourceId: aws.String("/t/p"), TagKeys: []string{"env", "bad#key"}})
			return err
		}, "ValidationException"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			wantCode(t, err, tc.code)
			switch tc.code {
			case "InvalidResourceId":
				wantTyped[*types.InvalidResourceId](t, err)
			case "InvalidResourceType":
				wantTyped[*types.InvalidResourceType](t, err)
			}
		})
	}
	// Required members the SDK would not let through.
	for name, body := range map[string]string{
		"add_without_tags":      `{"ResourceType":"Parameter","ResourceId":"/t/p"}`,
		"add_without_id":        `{"ResourceType":"Parameter","Tags":[{"Key":"a","Value":"b"}]}`,
		"add_tag_without_value": `{"ResourceType":"Parameter","ResourceId":"/t/p","Tags":[{"Key":"a"}]}`,
		"remove_without_keys":   `{"ResourceType":"Parameter","ResourceId":"/t/p"}`,
		"list_without_type":     `{"ResourceId":"/t/p"}`,
	} {
		t.Run(name, func(t *testing.T) {
			op := "AmazonSSM.AddTagsToResource"
			switch {
			case strings.HasPrefix(name, "remove"):
				op = "AmazonSSM.RemoveTagsFromResource"
			case strings.HasPrefix(name, "list"):
				op = "AmazonSSM.ListTagsForResource"
			}
			if r := e.ssmPost(t, op, []byte(body), "test", "test"); r.Status != 400 || r.Code != "ValidationException" {
				t.Fatalf("%d %s %s", r.Status, r.Code, r.Body)
			}
		})
	}
	if got := list(t, "/t/p"); !ssmSame(got, []string{"env=stage", "team=core"}) {
		t.Fatalf("refused tag calls changed the tags: %v", got)
	}
}
