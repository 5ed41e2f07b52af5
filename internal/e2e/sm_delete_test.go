package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestSM_DeleteRestore(t *testing.T) {
	_, c := smStart(t)
	arn := aws.ToString(smCreate(t, c, "ml/dev-passwords", `{"admin":"a"}`).ARN)
	del, err := c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords"), RecoveryWindowInDays: aws.Int64(7)})
	wantOK(t, err)
	if aws.ToString(del.ARN) != arn || time.Until(aws.ToTime(del.DeletionDate)) < 7*24*time.Hour-time.Hour {
		t.Fatalf("delete = %+v", del)
	}
	_, err = c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("ml/dev-passwords")})
	wantTyped[*types.InvalidRequestException](t, err)
	if !strings.Contains(err.Error(), "You can't perform this operation on the secret because it was marked for deletion.") {
		t.Fatalf("message: %v", err)
	}
	_, err = c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("ml/dev-passwords"), SecretString: aws.String("x")})
	wantTyped[*types.InvalidRequestException](t, err)
	_, err = c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("ml/dev-passwords"), SecretString: aws.String("y")})
	wantTyped[*types.InvalidRequestException](t, err)
	if d := smDescribe(t, c, "ml/dev-passwords"); d.DeletedDate == nil {
		t.Fatal("describe shows no DeletedDate")
	}
	list, err := c.ListSecrets(bg, &secretsmanager.ListSecretsInput{})
	wantOK(t, err)
	if len(list.SecretList) != 0 {
		t.Fatal("listed while scheduled for deletion")
	}
	list, err = c.ListSecrets(bg, &secretsmanager.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	wantOK(t, err)
	if len(list.SecretList) != 1 || list.SecretList[0].DeletedDate == nil {
		t.Fatalf("IncludePlannedDeletion = %+v", list.SecretList)
	}
	r, err := c.RestoreSecret(bg, &secretsmanager.RestoreSecretInput{SecretId: aws.String(arn)})
	wantOK(t, err)
	if aws.ToString(r.ARN) != arn || aws.ToString(smGet(t, c, "ml/dev-passwords").SecretString) != `{"admin":"a"}` {
		t.Fatal("restore lost the secret")
	}
	if d := smDescribe(t, c, "ml/dev-passwords"); d.DeletedDate != nil {
		t.Fatal("DeletedDate after restore")
	}

	t.Run("windows", func(t *testing.T) {
		del, err := c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords")})
		wantOK(t, err)
		if d := time.Until(aws.ToTime(del.DeletionDate)); d < 30*24*time.Hour-time.Hour || d > 30*24*time.Hour {
			t.Fatalf("default window: %v", d)
		}
		_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords")})
		wantTyped[*types.InvalidRequestException](t, err)
		_, err = c.RestoreSecret(bg, &secretsmanager.RestoreSecretInput{SecretId: aws.String("ml/dev-passwords")})
		wantOK(t, err)
		for _, d := range []int64{6, 31} {
			_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords"), RecoveryWindowInDays: aws.Int64(d)})
			wantTyped[*types.InvalidParameterException](t, err)
		}
		_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords"), RecoveryWindowInDays: aws.Int64(7), ForceDeleteWithoutRecovery: aws.Bool(true)})
		wantTyped[*types.InvalidParameterException](t, err)
		smGet(t, c, "ml/dev-passwords")
	})
	t.Run("force", func(t *testing.T) {
		smPut(t, c, "ml/dev-passwords", "second")
		del, err := c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/dev-passwords"), ForceDeleteWithoutRecovery: aws.Bool(true)})
		wantOK(t, err)
		if time.Since(aws.ToTime(del.DeletionDate)) > time.Minute {
			t.Fatalf("forced DeletionDate = %v", del.DeletionDate)
		}
		_, err = c.DescribeSecret(bg, &secretsmanager.DescribeSecretInput{SecretId: aws.String("ml/dev-passwords")})
		wantTyped[*types.ResourceNotFoundException](t, err)
		_, err = c.RestoreSecret(bg, &secretsmanager.RestoreSecretInput{SecretId: aws.String("ml/dev-passwords")})
		wantTyped[*types.ResourceNotFoundException](t, err)
		_, err = c.DeleteSecret(bg, &secretsmanager.DeleteSecretInput{SecretId: aws.String("ml/never"), ForceDeleteWithoutRecovery: aws.Bool(true)})
		wantOK(t, err)
		again := smCreate(t, c, "ml/dev-passwords", "fresh")
		if aws.ToString(again.ARN) == arn {
			t.Fatal("re-created secret has the old ARN")
		}
		_, err = c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("ml/dev-passwords"), VersionStage: aws.String("AWSPREVIOUS")})
		wantTyped[*types.ResourceNotFoundException](t, err)
	})
}
