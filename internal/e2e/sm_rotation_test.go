package e2e_test

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestSM_RotateBuiltin(t *testing.T) {
	_, c := smStart(t)
	v0 := aws.ToString(smCreate(t, c, "rds/master", `{"username":"app","password":"old","port":5432}`).VersionId)
	r, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId: aws.String("rds/master"), RotationLambdaARN: aws.String(smRotateARN),
		RotationRules: &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)},
	})
	wantOK(t, err)
	cur := smGet(t, c, "rds/master")
	var doc map[string]any
	wantOK(t, json.Unmarshal([]byte(aws.ToString(cur.SecretString)), &doc))
	if doc["password"] == "old" || doc["username"] != "app" || doc["port"] != float64(5432) || aws.ToString(cur.VersionId) != aws.ToString(r.VersionId) {
		t.Fatalf("after rotation: %v (version %s, RotateSecret said %s)", doc["username"], aws.ToString(cur.VersionId), aws.ToString(r.VersionId))
	}
	if got := smStages(t, c, "rds/master"); got["AWSPREVIOUS"] != v0 || got["AWSPENDING"] != "" {
		t.Fatalf("stages = %v", got)
	}
	d := smDescribe(t, c, "rds/master")
	if !aws.ToBool(d.RotationEnabled) || aws.ToString(d.RotationLambdaARN) != smRotateARN || aws.ToInt64(d.RotationRules.AutomaticallyAfterDays) != 30 || d.LastRotatedDate == nil || d.NextRotationDate == nil {
		t.Fatalf("describe = %+v", d)
	}
	c2, err := c.CancelRotateSecret(bg, &secretsmanager.CancelRotateSecretInput{SecretId: aws.String("rds/master")})
	wantOK(t, err)
	if c2.VersionId != nil || aws.ToBool(smDescribe(t, c, "rds/master").RotationEnabled) {
		t.Fatal("cancel did not turn rotation off")
	}
	_, err = c.RotateSecret(bg, &secretsmanager.RotateSecretInput{SecretId: aws.String("rds/master"), RotationRules: &types.RotationRulesType{ScheduleExpression: aws.String("cron(0 0 * * MON *)")}})
	wantTyped[*types.InvalidParameterException](t, err)
	_, err = c.RotateSecret(bg, &secretsmanager.RotateSecretInput{SecretId: aws.String("rds/master"), RotationRules: &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(1001)}})
	wantCode(t, err, "ValidationException")
	_, err = c.RotateSecret(bg, &secretsmanager.RotateSecretInput{SecretId: aws.String("rds/master"), RotationRules: &types.RotationRulesType{ScheduleExpression: aws.String("rate(10 days)"), Duration: aws.String("4h")}})
	wantOK(t, err)
}

func TestSM_RotateExternal(t *testing.T) {
	e, c := smStart(t)
	smCreate(t, c, "ext", "v0")
	_, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{SecretId: aws.String("ext")})
	wantTyped[*types.InvalidRequestException](t, err) // no function
	r, err := c.RotateSecret(bg, &secretsmanager.RotateSecretInput{
		SecretId: aws.String("ext"), RotationLambdaARN: aws.String("arn:aws:lambda:us-east-1:000000000000:function:mine"),
		RotationRules: &types.RotationRulesType{AutomaticallyAfterDays: aws.Int64(7)},
	})
	wantOK(t, err)
	if got := smStages(t, c, "ext")["AWSPENDING"]; got != aws.ToString(r.VersionId) {
		t.Fatalf("AWSPENDING on %q, want %s", got, aws.ToString(r.VersionId))
	}
	_, err = c.RotateSecret(bg, &secretsmanager.RotateSecretInput{SecretId: aws.String("ext")})
	wantTyped[*types.InvalidRequestException](t, err) // in progress
	k, err := e.kms(smRegion).CreateKey(bg, &kms.CreateKeyInput{})
	wantOK(t, err)
	_, err = c.UpdateSecret(bg, &secretsmanager.UpdateSecretInput{SecretId: aws.String("ext"), KmsKeyId: k.KeyMetadata.KeyId})
	wantTyped[*types.PreconditionNotMetException](t, err)
	cancel, err := c.CancelRotateSecret(bg, &secretsmanager.CancelRotateSecretInput{SecretId: aws.String("ext")})
	wantOK(t, err)
	if aws.ToString(cancel.VersionId) != aws.ToString(r.VersionId) {
		t.Fatalf("cancel VersionId = %s", aws.ToString(cancel.VersionId))
	}
}

func TestSM_GetRandomPassword(t *testing.T) {
	_, c := smStart(t)
	get := func(in *secretsmanager.GetRandomPasswordInput) string {
		t.Helper()
		out, err := c.GetRandomPassword(bg, in)
		wantOK(t, err)
		return aws.ToString(out.RandomPassword)
	}
	if pw := get(&secretsmanager.GetRandomPasswordInput{}); len(pw) != 32 {
		t.Fatalf("default length %d", len(pw))
	}
	if pw := get(&secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(50), ExcludeCharacters: aws.String(`"@/\:&`)}); len(pw) != 50 || regexp.MustCompile(`["@/\\:&]`).MatchString(pw) {
		t.Fatalf("ExcludeCharacters: %q", pw)
	}
	if pw := get(&secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(20), ExcludePunctuation: aws.Bool(true), ExcludeUppercase: aws.Bool(true), ExcludeLowercase: aws.Bool(true)}); !regexp.MustCompile(`^[0-9]{20}$`).MatchString(pw) {
		t.Fatalf("digits only: %q", pw)
	}
	if pw := get(&secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(300), IncludeSpace: aws.Bool(true), RequireEachIncludedType: aws.Bool(false)}); !regexp.MustCompile(`^[ -~]{300}$`).MatchString(pw) {
		t.Fatalf("with space: %q", pw)
	}
	for _, n := range []int64{0, 4097} {
		_, err := c.GetRandomPassword(bg, &secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(n)})
		wantCode(t, err, "ValidationException")
	}
	_, err := c.GetRandomPassword(bg, &secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(3)})
	wantTyped[*types.InvalidParameterException](t, err)
	_, err = c.GetRandomPassword(bg, &secretsmanager.GetRandomPasswordInput{ExcludeNumbers: aws.Bool(true), ExcludePunctuation: aws.Bool(true), ExcludeUppercase: aws.Bool(true), ExcludeLowercase: aws.Bool(true)})
	wantTyped[*types.InvalidParameterException](t, err)
}
