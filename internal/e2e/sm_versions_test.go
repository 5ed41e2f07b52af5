package e2e_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// smStages returns label -> version id from DescribeSecret.VersionIdsToStages,
// the map caching clients depend on.
func smStages(t *testing.T, c *secretsmanager.Client, id string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for v, labels := range smDescribe(t, c, id).VersionIdsToStages {
		for _, l := range labels {
			if prev, dup := out[l]; dup {
				t.Fatalf("label %s on two versions: %s and %s", l, prev, v)
			}
			out[l] = v
		}
	}
	return out
}

func TestSM_Versions(t *testing.T) {
	_, c := smStart(t)
	v1 := aws.ToString(smCreate(t, c, "app/key", "one").VersionId)
	p2 := smPut(t, c, "app/key", "two")
	v2 := aws.ToString(p2.VersionId)
	if len(p2.VersionStages) != 1 || p2.VersionStages[0] != "AWSCURRENT" {
		t.Fatalf("PutSecretValue stages = %v", p2.VersionStages)
	}
	if got := smStages(t, c, "app/key"); got["AWSCURRENT"] != v2 || got["AWSPREVIOUS"] != v1 || len(got) != 2 {
		t.Fatalf("stages = %v", got)
	}
	v3 := aws.ToString(smPut(t, c, "app/key", "three", "STAGING").VersionId)
	if got := smStages(t, c, "app/key"); got["AWSCURRENT"] != v2 || got["STAGING"] != v3 {
		t.Fatalf("custom stage moved AWSCURRENT: %v", got)
	}
	if aws.ToString(smGet(t, c, "app/key", smStage("STAGING")).SecretString) != "three" {
		t.Fatal("read by custom stage")
	}

	t.Run("update_version_stage", func(t *testing.T) {
		_, err := c.UpdateSecretVersionStage(bg, &secretsmanager.UpdateSecretVersionStageInput{
			SecretId: aws.String("app/key"), VersionStage: aws.String("AWSCURRENT"), MoveToVersionId: aws.String(v3)})
		wantTyped[*types.InvalidParameterException](t, err)
		_, err = c.UpdateSecretVersionStage(bg, &secretsmanager.UpdateSecretVersionStageInput{
			SecretId: aws.String("app/key"), VersionStage: aws.String("AWSCURRENT"), MoveToVersionId: aws.String(v3), RemoveFromVersionId: aws.String(v2)})
		wantOK(t, err)
		if got := smStages(t, c, "app/key"); got["AWSCURRENT"] != v3 || got["AWSPREVIOUS"] != v2 || got["STAGING"] != v3 {
			t.Fatalf("after the move: %v", got)
		}
		_, err = c.UpdateSecretVersionStage(bg, &secretsmanager.UpdateSecretVersionStageInput{
			SecretId: aws.String("app/key"), VersionStage: aws.String("STAGING"), RemoveFromVersionId: aws.String(v3)})
		wantOK(t, err)
		if _, ok := smStages(t, c, "app/key")["STAGING"]; ok {
			t.Fatal("STAGING not removed")
		}
	})
	t.Run("list_versions", func(t *testing.T) {
		out, err := c.ListSecretVersionIds(bg, &secretsmanager.ListSecretVersionIdsInput{SecretId: aws.String("app/key")})
		wantOK(t, err)
		if len(out.Versions) != 2 || aws.ToString(out.Name) != "app/key" {
			t.Fatalf("versions without deprecated = %+v", out.Versions)
		}
		var ids []string
		p := secretsmanager.NewListSecretVersionIdsPaginator(c, &secretsmanager.ListSecretVersionIdsInput{
			SecretId: aws.String("app/key"), IncludeDeprecated: aws.Bool(true), MaxResults: aws.Int32(1)})
		for p.HasMorePages() {
			page, err := p.NextPage(bg)
			wantOK(t, err)
			for _, v := range page.Versions {
				ids = append(ids, aws.ToString(v.VersionId))
				if v.CreatedDate == nil || len(v.KmsKeyIds) != 1 || !strings.HasPrefix(v.KmsKeyIds[0], "arn:aws:kms:us-east-1:000000000000:key/") {
					t.Fatalf("version entry = %+v", v)
				}
			}
		}
		want := []string{v1, v2, v3}
		sort.Strings(ids)
		sort.Strings(want)
		if strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Fatalf("paged versions = %v, want %v", ids, want)
		}
		_, err = c.ListSecretVersionIds(bg, &secretsmanager.ListSecretVersionIdsInput{SecretId: aws.String("app/key"), NextToken: aws.String("bm9wZQ")})
		wantTyped[*types.InvalidNextTokenException](t, err)
	})
	t.Run("stage_limit", func(t *testing.T) {
		smCreate(t, c, "app/many", "v")
		var err error
		for i := 0; i < 20 && err == nil; i++ {
			_, err = c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{
				SecretId: aws.String("app/many"), SecretString: aws.String("v"), VersionStages: []string{"L" + strings.Repeat("x", i)}})
		}
		wantTyped[*types.LimitExceededException](t, err)
	})
}

func TestSM_ClientRequestToken(t *testing.T) {
	_, c := smStart(t)
	const t0, t1 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
	create := func(value string) (*secretsmanager.CreateSecretOutput, error) {
		return c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("tok"), SecretString: aws.String(value), ClientRequestToken: aws.String(t0)})
	}
	first, err := create("s0")
	wantOK(t, err)
	again, err := create("s0")
	wantOK(t, err)
	if aws.ToString(first.VersionId) != t0 || aws.ToString(again.VersionId) != t0 || aws.ToString(again.ARN) != aws.ToString(first.ARN) {
		t.Fatalf("create %v / retry %v", first, again)
	}
	_, err = create("other")
	wantTyped[*types.ResourceExistsException](t, err)

	put := func(value string) (*secretsmanager.PutSecretValueOutput, error) {
		return c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("tok"), SecretString: aws.String(value), ClientRequestToken: aws.String(t1)})
	}
	p, err := put("s1")
	wantOK(t, err)
	p2, err := put("s1")
	wantOK(t, err)
	if aws.ToString(p.VersionId) != t1 || aws.ToString(p2.VersionId) != t1 || len(p2.VersionStages) != 1 || p2.VersionStages[0] != "AWSCURRENT" {
		t.Fatalf("put %+v / retry %+v", p, p2)
	}
	if got := smStages(t, c, "tok"); got["AWSPREVIOUS"] != t0 || got["AWSCURRENT"] != t1 {
		t.Fatalf("a retried put moved stages: %v", got)
	}
	_, err = put("s2")
	wantTyped[*types.ResourceExistsException](t, err)
	if strings.Contains(err.Error(), "s2") {
		t.Fatal("the error names the value")
	}
	_, err = c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("tok"), SecretString: aws.String("x"), ClientRequestToken: aws.String("short")})
	wantCode(t, err, "ValidationException")
	_, err = c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("tok")})
	wantTyped[*types.InvalidRequestException](t, err)
}
