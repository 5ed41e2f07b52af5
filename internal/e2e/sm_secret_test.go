package e2e_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestSM_CreateGet(t *testing.T) {
	_, c := smStart(t)
	out := smCreate(t, c, "amply/database-url", "postgresql://u:p@h/db", func(in *secretsmanager.CreateSecretInput) {
		in.Description = aws.String("PostgreSQL connection string")
		in.Tags = smTags("App", "amply")
	})
	if !regexp.MustCompile(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:amply/database-url-[A-Za-z0-9]{6}$`).MatchString(aws.ToString(out.ARN)) {
		t.Fatalf("ARN = %s", aws.ToString(out.ARN))
	}
	arn := aws.ToString(out.ARN)
	for _, id := range []string{"amply/database-url", arn, arn[:len(arn)-7]} {
		g := smGet(t, c, id)
		if aws.ToString(g.SecretString) != "postgresql://u:p@h/db" || g.SecretBinary != nil || aws.ToString(g.ARN) != arn {
			t.Fatalf("get %s = %+v", id, g)
		}
		if aws.ToString(g.VersionId) != aws.ToString(out.VersionId) || len(g.VersionStages) != 1 || g.VersionStages[0] != "AWSCURRENT" || g.CreatedDate == nil {
			t.Fatalf("get %s metadata = %+v", id, g)
		}
	}
	_, err := c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn[:len(arn)-6] + "zzzzzz")})
	wantTyped[*types.ResourceNotFoundException](t, err)

	t.Run("json_verbatim", func(t *testing.T) {
		doc := "{\n  \"private_key\": \"-----BEGIN-----\\nabc\\n-----END-----\\n\",\n  \"key_id\": \"k\"\n}"
		smCreate(t, c, "amply/signing", doc)
		if got := aws.ToString(smGet(t, c, "amply/signing").SecretString); got != doc {
			t.Fatalf("JSON secret = %q", got)
		}
	})
	t.Run("binary", func(t *testing.T) {
		raw := append([]byte{0, 0xff}, bytes.Repeat([]byte{7}, 30)...)
		_, err := c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("amply/bin"), SecretBinary: raw})
		wantOK(t, err)
		g := smGet(t, c, "amply/bin")
		if !bytes.Equal(g.SecretBinary, raw) || g.SecretString != nil {
			t.Fatalf("binary secret = %x / %v", g.SecretBinary, g.SecretString)
		}
	})
	t.Run("limits", func(t *testing.T) {
		big := strings.Repeat("x", 65536)
		smCreate(t, c, "amply/big", big)
		if got := aws.ToString(smGet(t, c, "amply/big").SecretString); got != big {
			t.Fatal("64 KiB value changed")
		}
		_, err := c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("amply/too-big"), SecretString: aws.String(big + "x")})
		wantCode(t, err, "ValidationException")
		_, err = c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("bad name!"), SecretString: aws.String("x")})
		wantTyped[*types.InvalidParameterException](t, err)
		_, err = c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String(strings.Repeat("n", 513))})
		wantCode(t, err, "ValidationException")
		_, err = c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("both"), SecretString: aws.String("x"), SecretBinary: []byte("y")})
		wantTyped[*types.InvalidParameterException](t, err)
	})
	t.Run("exists", func(t *testing.T) {
		_, err := c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("amply/database-url"), SecretString: aws.String("other")})
		wantTyped[*types.ResourceExistsException](t, err)
	})
	t.Run("not_found", func(t *testing.T) {
		_, err := c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("amply/missing")})
		wantTyped[*types.ResourceNotFoundException](t, err)
		_, err = c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("amply/database-url"), VersionStage: aws.String("AWSPENDING")})
		wantTyped[*types.ResourceNotFoundException](t, err)
	})
}

func TestSM_DescribeUpdateTags(t *testing.T) {
	_, c := smStart(t)
	v1 := aws.ToString(smCreate(t, c, "svc/key", "v1", func(in *secretsmanager.CreateSecretInput) {
		in.Description = aws.String("first")
		in.Tags = smTags("Environment", "prod", "App", "svc")
	}).VersionId)
	d := smDescribe(t, c, "svc/key")
	if aws.ToString(d.Description) != "first" || len(d.Tags) != 2 || d.RotationEnabled != nil || d.KmsKeyId != nil || d.CreatedDate == nil || d.LastChangedDate == nil {
		t.Fatalf("describe = %+v", d)
	}
	if len(d.VersionIdsToStages) != 1 || d.VersionIdsToStages[v1][0] != "AWSCURRENT" {
		t.Fatalf("VersionIdsToStages = %v", d.VersionIdsToStages)
	}

	u, err := c.UpdateSecret(bg, &secretsmanager.UpdateSecretInput{SecretId: aws.String("svc/key"), Description: aws.String("second")})
	wantOK(t, err)
	if u.VersionId != nil {
		t.Fatalf("a metadata update made version %s", aws.ToString(u.VersionId))
	}
	u, err = c.UpdateSecret(bg, &secretsmanager.UpdateSecretInput{SecretId: aws.String("svc/key"), SecretString: aws.String("v2")})
	wantOK(t, err)
	if aws.ToString(smGet(t, c, "svc/key", smVersion(aws.ToString(u.VersionId))).SecretString) != "v2" {
		t.Fatal("UpdateSecret did not report the new version")
	}
	if aws.ToString(smGet(t, c, "svc/key").SecretString) != "v2" || aws.ToString(smGet(t, c, "svc/key", smStage("AWSPREVIOUS")).VersionId) != v1 {
		t.Fatal("UpdateSecret with a value did not move the stages")
	}

	_, err = c.TagResource(bg, &secretsmanager.TagResourceInput{SecretId: aws.String("svc/key"), Tags: smTags("Owner", "ops", "App", "svc2")})
	wantOK(t, err)
	_, err = c.UntagResource(bg, &secretsmanager.UntagResourceInput{SecretId: aws.String("svc/key"), TagKeys: []string{"Environment"}})
	wantOK(t, err)
	d = smDescribe(t, c, "svc/key")
	got := map[string]string{}
	for _, tg := range d.Tags {
		got[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if len(got) != 2 || got["App"] != "svc2" || got["Owner"] != "ops" || aws.ToString(d.Description) != "second" {
		t.Fatalf("after tagging: %v, %q", got, aws.ToString(d.Description))
	}
	_, err = c.TagResource(bg, &secretsmanager.TagResourceInput{SecretId: aws.String("svc/none"), Tags: smTags("a", "b")})
	wantTyped[*types.ResourceNotFoundException](t, err)
	many := make([]types.Tag, 51)
	for i := range many {
		many[i] = types.Tag{Key: aws.String("k" + strings.Repeat("x", i)), Value: aws.String("v")}
	}
	_, err = c.TagResource(bg, &secretsmanager.TagResourceInput{SecretId: aws.String("svc/key"), Tags: many})
	wantTyped[*types.InvalidParameterException](t, err)
	_, err = c.DescribeSecret(bg, &secretsmanager.DescribeSecretInput{SecretId: aws.String("svc/none")})
	wantTyped[*types.ResourceNotFoundException](t, err)
}
