package e2e_test

import (
	"context"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// TestSSM_Regions: parameters are regional, and ARNs carry the partition of
// the region the request was signed for.
func TestSSM_Regions(t *testing.T) {
	e := start(t, server.Config{})
	ctx := context.Background()
	east, west := e.ssm("us-east-1"), e.ssm("us-west-2")
	ssmPut(t, west, "/reg/only-west", "w", types.ParameterTypeSecureString, ssmTags("k", "v"))

	invisible := map[string]func() error{
		"GetParameter": func() error {
			_, err := east.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/reg/only-west")})
			return err
		},
		"GetParameterHistory": func() error {
			_, err := east.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/reg/only-west")})
			return err
		},
		"DeleteParameter": func() error {
			_, err := east.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/reg/only-west")})
			return err
		},
		"LabelParameterVersion": func() error {
			_, err := ssmLabel(east, "/reg/only-west", 1, "x")
			return err
		},
	}
	for name, call := range invisible {
		t.Run("east_"+name, func(t *testing.T) { wantTyped[*types.ParameterNotFound](t, call()) })
	}
	t.Run("east_listings_empty", func(t *testing.T) {
		byPath, err := east.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/"), Recursive: aws.Bool(true)})
		wantOK(t, err)
		desc, err := east.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
		wantOK(t, err)
		many, err := east.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/reg/only-west"}})
		wantOK(t, err)
		if len(byPath.Parameters)+len(desc.Parameters)+len(many.Parameters) != 0 || len(many.InvalidParameters) != 1 {
			t.Fatalf("us-east-1 sees us-west-2: %v %v %v", ssmNames(byPath.Parameters), desc.Parameters, many.Parameters)
		}
		_, err = east.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: types.ResourceTypeForTaggingParameter, ResourceId: aws.String("/reg/only-west")})
		wantTyped[*types.InvalidResourceId](t, err)
	})
	t.Run("same_name_two_regions", func(t *testing.T) {
		if v := ssmPut(t, east, "/reg/only-west", "e", types.ParameterTypeString); v != 1 {
			t.Fatalf("east version %d", v)
		}
		if w := ssmGet(t, west, "/reg/only-west"); aws.ToString(w.Value) != "w" || w.Type != types.ParameterTypeSecureString {
			t.Fatalf("west changed: %q %q", aws.ToString(w.Value), w.Type)
		}
	})
	t.Run("arn_of_other_region", func(t *testing.T) {
		_, err := east.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("arn:aws:ssm:us-west-2:000000000000:parameter/reg/only-west")})
		wantTyped[*types.ParameterNotFound](t, err)
		if p := ssmGet(t, west, "arn:aws:ssm:us-west-2:000000000000:parameter/reg/only-west"); aws.ToString(p.Value) != "w" {
			t.Fatalf("west by ARN: %q", aws.ToString(p.Value))
		}
	})

	partitions := []struct{ region, arn string }{
		{"us-west-2", "arn:aws:ssm:us-west-2:000000000000:parameter/part/p"},
		{"eu-central-1", "arn:aws:ssm:eu-central-1:000000000000:parameter/part/p"},
		{"cn-north-1", "arn:aws-cn:ssm:cn-north-1:000000000000:parameter/part/p"},
		{"us-gov-west-1", "arn:aws-us-gov:ssm:us-gov-west-1:000000000000:parameter/part/p"},
	}
	for _, tc := range partitions {
		t.Run("partition_"+tc.region, func(t *testing.T) {
			c := e.ssm(tc.region)
			ssmPut(t, c, "/part/p", "v", types.ParameterTypeSecureString)
			if arn := aws.ToString(ssmGet(t, c, "/part/p").ARN); arn != tc.arn {
				t.Fatalf("GetParameter ARN %q, want %q", arn, tc.arn)
			}
			if arn := aws.ToString(ssmDescribeOne(t, c, "/part/p").ARN); arn != tc.arn {
				t.Fatalf("DescribeParameters ARN %q, want %q", arn, tc.arn)
			}
			if p := ssmGet(t, c, tc.arn); aws.ToString(p.Value) != "v" {
				t.Fatalf("by ARN: %q", aws.ToString(p.Value))
			}
			// An ARN naming the right region in the wrong partition is not it.
			_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("arn:aws-iso:ssm:" + tc.region + ":000000000000:parameter/part/p")})
			wantTyped[*types.ParameterNotFound](t, err)
		})
	}
}
