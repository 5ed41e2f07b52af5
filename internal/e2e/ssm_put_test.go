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

func TestSSM_PutParameter(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()

	t.Run("types_and_versions", func(t *testing.T) {
		for _, typ := range []types.ParameterType{types.ParameterTypeString, types.ParameterTypeStringList, types.ParameterTypeSecureString} {
			name := "/put/types/" + string(typ)
			out, err := c.PutParameter(ctx, ssmPutInput(name, "a,b", typ))
			wantOK(t, err)
			if out.Version != 1 || out.Tier != types.ParameterTierStandard {
				t.Errorf("%s: put = version %d tier %q, want 1 Standard", typ, out.Version, out.Tier)
			}
			p := ssmGet(t, c, name)
			if p.Type != typ || aws.ToString(p.Value) != "a,b" || aws.ToString(p.DataType) != "text" || p.LastModifiedDate == nil {
				t.Errorf("%s: got type %q value %q data type %q modified %v", typ, p.Type, aws.ToString(p.Value), aws.ToString(p.DataType), p.LastModifiedDate)
			}
		}
	})

	t.Run("exists_without_overwrite", func(t *testing.T) {
		ssmPut(t, c, "/put/exists", "one", types.ParameterTypeString)
		_, err := c.PutParameter(ctx, ssmPutInput("/put/exists", "two", types.ParameterTypeString))
		wantTyped[*types.ParameterAlreadyExists](t, err)
		if v := aws.ToString(ssmGet(t, c, "/put/exists").Value); v != "one" {
			t.Fatalf("value after refused put = %q, want one", v)
		}
		if v := ssmPut(t, c, "/put/exists", "two", "", ssmOverwrite); v != 2 {
			t.Fatalf("ssmOverwrite version = %d, want 2", v)
		}
		if p := ssmGet(t, c, "/put/exists"); aws.ToString(p.Value) != "two" || p.Type != types.ParameterTypeString {
			t.Fatalf("after ssmOverwrite: %q %q", aws.ToString(p.Value), p.Type)
		}
	})

	t.Run("overwrite_keeps_metadata", func(t *testing.T) {
		ssmPut(t, c, "/put/keep", "v1", types.ParameterTypeSecureString, func(in *ssm.PutParameterInput) {
			in.Description = aws.String("the description")
			in.AllowedPattern = aws.String(`^v\d+$`)
		})
		ssmPut(t, c, "/put/keep", "v2", "", ssmOverwrite)
		d := ssmDescribeOne(t, c, "/put/keep")
		if d.Type != types.ParameterTypeSecureString || aws.ToString(d.Description) != "the description" ||
			aws.ToString(d.AllowedPattern) != `^v\d+$` || aws.ToString(d.KeyId) != "alias/aws/ssm" || d.Version != 2 {
			t.Fatalf("metadata after ssmOverwrite: %+v", d)
		}
		_, err := c.PutParameter(ctx, ssmPutInput("/put/keep", "nope", "", ssmOverwrite))
		wantTyped[*types.ParameterPatternMismatchException](t, err)
	})

	// AWS gives "/root" and "root" one ARN: they are one parameter.
	t.Run("root_spellings_are_one_parameter", func(t *testing.T) {
		ssmPut(t, c, "rootname", "v1", types.ParameterTypeSecureString)
		_, err := c.PutParameter(ctx, ssmPutInput("/rootname", "v2", types.ParameterTypeString))
		wantTyped[*types.ParameterAlreadyExists](t, err)
		if v := ssmPut(t, c, "/rootname", "v2", "", ssmOverwrite); v != 2 {
			t.Fatalf("overwrite by the other spelling made version %d, want 2", v)
		}
		p := ssmGet(t, c, "/rootname")
		if aws.ToString(p.Name) != "rootname" || aws.ToString(p.Value) != "v2" || p.Type != types.ParameterTypeSecureString {
			t.Fatalf("got %q %q %q", aws.ToString(p.Name), aws.ToString(p.Value), p.Type)
		}
		if v := aws.ToString(ssmGet(t, c, "rootname:1").Value); v != "v1" {
			t.Fatalf("version 1 = %q", v)
		}
		_, err = c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/rootname")})
		wantOK(t, err)
		_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("rootname")})
		wantCode(t, err, "ParameterNotFound")
	})

	t.Run("type_change_on_overwrite", func(t *testing.T) {
		ssmPut(t, c, "/put/retype", "plain", types.ParameterTypeString)
		ssmPut(t, c, "/put/retype", "secret", types.ParameterTypeSecureString, ssmOverwrite)
		if p := ssmGet(t, c, "/put/retype"); p.Type != types.ParameterTypeSecureString || aws.ToString(p.Value) != "secret" {
			t.Fatalf("after retype: %q %q", p.Type, aws.ToString(p.Value))
		}
	})

	invalid := []struct {
		name string
		in   *ssm.PutParameterInput
		code string
	}{
		{"type_required_on_create", ssmPutInput("/put/untyped", "x", ""), "ValidationException"},
		{"type_not_in_enum", ssmPutInput("/put/badtype", "x", "Binary"), "ValidationException"},
		{"tags_with_overwrite", ssmPutInput("/put/tagged-ow", "x", types.ParameterTypeString, ssmOverwrite, ssmTags("k", "v")), "ValidationException"},
		{"key_for_string", ssmPutInput("/put/keyed", "x", types.ParameterTypeString, ssmKey("alias/aws/ssm")), "ValidationException"},
		{"key_pattern", ssmPutInput("/put/keyed", "x", types.ParameterTypeSecureString, ssmKey("alias/bad key")), "ValidationException"},
		{"empty_value", ssmPutInput("/put/empty", "", types.ParameterTypeString), "ValidationException"},
		{"description_too_long", ssmPutInput("/put/desc", "x", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.Description = aws.String(strings.Repeat("d", 1025))
		}), "ValidationException"},
		{"unknown_data_type", ssmPutInput("/put/dt", "x", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.DataType = aws.String("aws:ec2:instance")
		}), "ValidationException"},
		{"ami_data_type_bad_value", ssmPutInput("/put/ami", "not-an-ami", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.DataType = aws.String("aws:ec2:image")
		}), "ValidationException"},
		{"tier_not_in_enum", ssmPutInput("/put/tier", "x", types.ParameterTypeString, ssmTier("Premium")), "ValidationException"},
		{"policies_on_standard", ssmPutInput("/put/pol", "x", types.ParameterTypeString, ssmTier(types.ParameterTierStandard), func(in *ssm.PutParameterInput) {
			in.Policies = aws.String(`[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]`)
		}), "ValidationException"},
		{"policies_on_default_tier", ssmPutInput("/put/pol", "x", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.Policies = aws.String(`[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}]`)
		}), "ValidationException"},
		{"policies_not_json", ssmPutInput("/put/pol", "x", types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced), func(in *ssm.PutParameterInput) {
			in.Policies = aws.String(`Expiration`)
		}), "ValidationException"},
		{"bad_allowed_pattern", ssmPutInput("/put/pat", "x", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.AllowedPattern = aws.String("[unclosed")
		}), "InvalidAllowedPatternException"},
		{"value_breaks_pattern", ssmPutInput("/put/pat", "abc", types.ParameterTypeString, func(in *ssm.PutParameterInput) {
			in.AllowedPattern = aws.String(`^\d+$`)
		}), "ParameterPatternMismatchException"},
		{"unknown_key_alias", ssmPutInput("/put/nokey", "x", types.ParameterTypeSecureString, ssmKey("alias/does-not-exist")), "InvalidKeyId"},
		{"unknown_key_id", ssmPutInput("/put/nokey", "x", types.ParameterTypeSecureString, ssmKey("1234abcd-12ab-34cd-56ef-1234567890ab")), "InvalidKeyId"},
		{"sixteen_levels", ssmPutInput("/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16", "x", types.ParameterTypeString), "HierarchyLevelLimitExceededException"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.PutParameter(ctx, tc.in)
			wantCode(t, err, tc.code)
			if _, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: tc.in.Name}); apiCode(err) != "ParameterNotFound" {
				t.Fatalf("refused put left something behind: %v", err)
			}
		})
	}

	t.Run("hierarchy_fifteen_levels", func(t *testing.T) {
		ssmPut(t, c, "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15", "x", types.ParameterTypeString)
	})

	t.Run("ami_data_type", func(t *testing.T) {
		for _, ami := range []string{"ami-12345678", "ami-0123456789abcdef0"} {
			ssmPut(t, c, "/put/ami/"+ami, ami, types.ParameterTypeString, func(in *ssm.PutParameterInput) { in.DataType = aws.String("aws:ec2:image") })
			if dt := aws.ToString(ssmGet(t, c, "/put/ami/"+ami).DataType); dt != "aws:ec2:image" {
				t.Fatalf("data type = %q", dt)
			}
		}
	})
}

// TestSSM_PutParameter_Names checks the naming rules, each refusal leaving
// nothing behind.
func TestSSM_PutParameter_Names(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	prefixLen := len("arn:aws:ssm:us-east-1:000000000000:parameter/")
	cases := []struct {
		name, param string
		ok          bool
	}{
		{"flat", "plain-name_1.x", true},
		{"hierarchical", "/team/env/app", true},
		{"max_length_with_arn", "/" + strings.Repeat("n", 1011-prefixLen), true},
		{"too_long_with_arn", "/" + strings.Repeat("n", 1012-prefixLen), false},
		{"over_model_max", strings.Repeat("n", 2049), false},
		{"space", "has space", false},
		{"bad_char", "semi;colon", false},
		{"aws_prefix", "AWS-thing", false},
		{"ssm_prefix", "ssmthing", false},
		{"aws_prefix_hierarchy", "/aws/thing", false},
		{"slash_without_leading", "team/app", false},
		{"trailing_slash", "/team/", false},
		{"empty_level", "/team//app", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.PutParameter(context.Background(), ssmPutInput(tc.param, "x", types.ParameterTypeString))
			if tc.ok {
				wantOK(t, err)
				return
			}
			wantCode(t, err, "ValidationException")
		})
	}
}

// TestSSM_PutParameter_Tiers checks the 4 KiB / 8 KiB limits, Intelligent-
// Tiering and the rule that a parameter never goes back to Standard.
func TestSSM_PutParameter_Tiers(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	v4k, v4k1, v8k, v8k1 := strings.Repeat("a", 4096), strings.Repeat("a", 4097), strings.Repeat("a", 8192), strings.Repeat("a", 8193)
	cases := []struct {
		name, value string
		tier        types.ParameterTier
		want        types.ParameterTier // "" = refused with ValidationException
	}{
		{"default_4k", v4k, "", types.ParameterTierStandard},
		{"default_over_4k", v4k1, "", ""},
		{"standard_4k", v4k, types.ParameterTierStandard, types.ParameterTierStandard},
		{"standard_over_4k", v4k1, types.ParameterTierStandard, ""},
		{"advanced_8k", v8k, types.ParameterTierAdvanced, types.ParameterTierAdvanced},
		{"advanced_over_8k", v8k1, types.ParameterTierAdvanced, ""},
		{"intelligent_small", "small", types.ParameterTierIntelligentTiering, types.ParameterTierStandard},
		{"intelligent_4k", v4k, types.ParameterTierIntelligentTiering, types.ParameterTierStandard},
		{"intelligent_over_4k", v4k1, types.ParameterTierIntelligentTiering, types.ParameterTierAdvanced},
		{"intelligent_over_8k", v8k1, types.ParameterTierIntelligentTiering, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name := "/tier/" + tc.name
			out, err := c.PutParameter(ctx, ssmPutInput(name, tc.value, types.ParameterTypeSecureString, ssmTier(tc.tier)))
			if tc.want == "" {
				wantCode(t, err, "ValidationException")
				return
			}
			wantOK(t, err)
			if out.Tier != tc.want {
				t.Fatalf("put tier = %q, want %q", out.Tier, tc.want)
			}
			if d := ssmDescribeOne(t, c, name); d.Tier != tc.want {
				t.Fatalf("described tier = %q, want %q", d.Tier, tc.want)
			}
			if v := aws.ToString(ssmGet(t, c, name).Value); v != tc.value {
				t.Fatalf("value of %d bytes came back as %d bytes", len(tc.value), len(v))
			}
		})
	}

	t.Run("no_downgrade", func(t *testing.T) {
		ssmPut(t, c, "/tier/adv", "x", types.ParameterTypeString, ssmTier(types.ParameterTierAdvanced))
		_, err := c.PutParameter(ctx, ssmPutInput("/tier/adv", "y", "", ssmOverwrite, ssmTier(types.ParameterTierStandard)))
		wantCode(t, err, "ValidationException")
		for _, tier := range []types.ParameterTier{"", types.ParameterTierIntelligentTiering, types.ParameterTierAdvanced} {
			out, err := c.PutParameter(ctx, ssmPutInput("/tier/adv", "small", "", ssmOverwrite, ssmTier(tier)))
			wantOK(t, err)
			if out.Tier != types.ParameterTierAdvanced {
				t.Fatalf("ssmOverwrite with tier %q: tier = %q, want Advanced", tier, out.Tier)
			}
		}
		if d := ssmDescribeOne(t, c, "/tier/adv"); d.Tier != types.ParameterTierAdvanced || d.Version != 4 {
			t.Fatalf("after overwrites: tier %q version %d", d.Tier, d.Version)
		}
	})

	t.Run("upgrade_by_overwrite", func(t *testing.T) {
		ssmPut(t, c, "/tier/up", "x", types.ParameterTypeString)
		out, err := c.PutParameter(ctx, ssmPutInput("/tier/up", v4k1, "", ssmOverwrite, ssmTier(types.ParameterTierIntelligentTiering)))
		wantOK(t, err)
		if out.Tier != types.ParameterTierAdvanced {
			t.Fatalf("tier = %q, want Advanced", out.Tier)
		}
	})
}
