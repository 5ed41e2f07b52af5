package e2e_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func smFilter(key types.FilterNameStringType, values ...string) types.Filter {
	return types.Filter{Key: key, Values: values}
}

func TestSM_ListSecrets(t *testing.T) {
	_, c := smStart(t)
	for _, env := range []string{"prod", "staging", "sandbox"} {
		for _, s := range []string{"database-url", "stripe-secret-key"} {
			smCreate(t, c, "amply/"+env+"/"+s, s+"-"+env+"-value", func(in *secretsmanager.CreateSecretInput) {
				in.Description = aws.String(s + " for " + env)
				in.Tags = smTags("Environment", env, "App", "amply")
			})
		}
	}
	list := func(in *secretsmanager.ListSecretsInput) []string {
		t.Helper()
		var out []string
		p := secretsmanager.NewListSecretsPaginator(c, in)
		for p.HasMorePages() {
			page, err := p.NextPage(bg)
			wantOK(t, err)
			for _, s := range page.SecretList {
				if s.SecretVersionsToStages == nil || s.ARN == nil {
					t.Fatalf("entry = %+v", s)
				}
				out = append(out, aws.ToString(s.Name))
			}
		}
		return out
	}
	sorted := func(s []string) string { sort.Strings(s); return strings.Join(s, " ") }
	cases := map[string]struct {
		filters []types.Filter
		want    string
	}{
		"name":         {[]types.Filter{smFilter(types.FilterNameStringTypeName, "amply/prod/")}, "amply/prod/database-url amply/prod/stripe-secret-key"},
		"tags":         {[]types.Filter{smFilter(types.FilterNameStringTypeTagKey, "Environment"), smFilter(types.FilterNameStringTypeTagValue, "staging")}, "amply/staging/database-url amply/staging/stripe-secret-key"},
		"negation":     {[]types.Filter{smFilter(types.FilterNameStringTypeName, "amply/"), smFilter(types.FilterNameStringTypeTagValue, "!prod", "!staging")}, "amply/prod/database-url amply/prod/stripe-secret-key amply/sandbox/database-url amply/sandbox/stripe-secret-key amply/staging/database-url amply/staging/stripe-secret-key"},
		"description":  {[]types.Filter{smFilter(types.FilterNameStringTypeDescription, "Stripe-Secret-Key for SANDBOX")}, "amply/sandbox/stripe-secret-key"},
		"all":          {[]types.Filter{smFilter(types.FilterNameStringTypeAll, "sandbox database")}, "amply/sandbox/database-url"},
		"region":       {[]types.Filter{smFilter(types.FilterNameStringTypePrimaryRegion, "eu-")}, ""},
		"no_match_yet": {[]types.Filter{smFilter(types.FilterNameStringTypeName, "nothing")}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := sorted(list(&secretsmanager.ListSecretsInput{Filters: tc.filters})); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("paging_and_order", func(t *testing.T) {
		all := list(&secretsmanager.ListSecretsInput{MaxResults: aws.Int32(2)})
		if sorted(append([]string(nil), all...)) != sorted(list(&secretsmanager.ListSecretsInput{})) || len(all) != 6 {
			t.Fatalf("by creation, paged by 2: %v", all)
		}
		byName := list(&secretsmanager.ListSecretsInput{SortBy: types.SortByTypeName, MaxResults: aws.Int32(4)})
		if strings.Join(byName, " ") != sorted(append([]string(nil), byName...)) {
			t.Fatalf("by name: %v", byName)
		}
		desc := list(&secretsmanager.ListSecretsInput{SortOrder: types.SortOrderTypeDesc, SortBy: types.SortByTypeName})
		if desc[0] != "amply/staging/stripe-secret-key" || desc[5] != "amply/prod/database-url" {
			t.Fatalf("by name, descending: %v", desc)
		}
		page, err := c.ListSecrets(bg, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(1)})
		wantOK(t, err)
		_, err = c.ListSecrets(bg, &secretsmanager.ListSecretsInput{NextToken: page.NextToken, SortBy: types.SortByTypeName})
		wantTyped[*types.InvalidNextTokenException](t, err)
		_, err = c.ListSecrets(bg, &secretsmanager.ListSecretsInput{MaxResults: aws.Int32(101)})
		wantCode(t, err, "ValidationException")
		_, err = c.ListSecrets(bg, &secretsmanager.ListSecretsInput{Filters: []types.Filter{smFilter("colour", "red")}})
		wantCode(t, err, "ValidationException")
	})
}

func TestSM_BatchGetSecretValue(t *testing.T) {
	_, c := smStart(t)
	a := smCreate(t, c, "batch/a", "va")
	smCreate(t, c, "batch/b", "vb")
	smCreate(t, c, "batch/gone", "vg")
	_, err := c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("batch/gone")})
	wantOK(t, err)
	out, err := c.BatchGetSecretValue(bg, &secretsmanager.BatchGetSecretValueInput{SecretIdList: []string{aws.ToString(a.ARN), "batch/b", "batch/missing", "batch/gone"}})
	wantOK(t, err)
	if len(out.SecretValues) != 2 || aws.ToString(out.SecretValues[0].SecretString) != "va" || aws.ToString(out.SecretValues[1].SecretString) != "vb" {
		t.Fatalf("values = %+v", out.SecretValues)
	}
	if len(out.Errors) != 2 || aws.ToString(out.Errors[0].ErrorCode) != "ResourceNotFoundException" || aws.ToString(out.Errors[1].ErrorCode) != "InvalidRequestException" || aws.ToString(out.Errors[0].SecretId) != "batch/missing" {
		t.Fatalf("errors = %+v", out.Errors)
	}
	var names []string
	p := secretsmanager.NewBatchGetSecretValuePaginator(c, &secretsmanager.BatchGetSecretValueInput{
		Filters: []types.Filter{smFilter(types.FilterNameStringTypeName, "batch/")}, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(bg)
		wantOK(t, err)
		for _, v := range page.SecretValues {
			names = append(names, aws.ToString(v.Name))
		}
	}
	if strings.Join(names, " ") != "batch/a batch/b" {
		t.Fatalf("by filter: %v", names)
	}
	_, err = c.BatchGetSecretValue(bg, &secretsmanager.BatchGetSecretValueInput{})
	wantTyped[*types.InvalidParameterException](t, err)
	_, err = c.BatchGetSecretValue(bg, &secretsmanager.BatchGetSecretValueInput{SecretIdList: make([]string, 21)})
	wantCode(t, err, "ValidationException")
}
