package e2e_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// userSM returns a Secrets Manager client of a new user with the inline
// policy doc (none when ""), and the user's ARN.
func userSM(t *testing.T, e *iamEnv, name, doc string) (*secretsmanager.Client, string) {
	t.Helper()
	ak, sk := makeUser(t, e.iam(), name, doc)
	return secretsmanager.NewFromConfig(e.creds(ak, sk, "")), "arn:aws:iam::000000000000:user/" + name
}

func getSecret(c *secretsmanager.Client, id string) (string, error) {
	out, err := c.GetSecretValue(context.Background(), &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.SecretString), nil
}

// TestAuthz_SecretResourcePolicy: a secret's resource policy alone lets a
// same-account user read it; without it the user is refused; root always
// reads it.
func TestAuthz_SecretResourcePolicy(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	s := must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("app/db"), SecretString: aws.String("pw")}))
	bob, bobARN := userSM(t, e, "bob", "")
	_, err := getSecret(bob, "app/db")
	wantCode(t, err, "AccessDeniedException")
	_, err = bob.ListSecrets(ctx, &secretsmanager.ListSecretsInput{})
	wantCode(t, err, "AccessDeniedException")
	_, err = bob.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("bob/x"), SecretString: aws.String("x")})
	wantCode(t, err, "AccessDeniedException")

	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + bobARN + `"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	must(root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: s.ARN, ResourcePolicy: aws.String(doc)}))
	if got, err := getSecret(bob, "app/db"); err != nil || got != "pw" {
		t.Fatalf("with the resource policy: %q, %v", got, err)
	}
	if got, err := getSecret(root, "app/db"); err != nil || got != "pw" {
		t.Fatalf("root: %q, %v", got, err)
	}
}

// TestAuthz_SecretBatchAndKey: BatchGetSecretValue reports refused secrets
// in Errors; a secret under a customer key needs kms:Decrypt, one under
// alias/aws/secretsmanager does not.
func TestAuthz_SecretBatchAndKey(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	key := must(kms.NewFromConfig(e.creds("test", "test", "")).CreateKey(ctx, &kms.CreateKeyInput{}))
	for _, n := range []string{"app/a", "other/b"} {
		must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(n), SecretString: aws.String(n + "-v")}))
	}
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("app/k"), SecretString: aws.String("k-v"), KmsKeyId: key.KeyMetadata.Arn}))
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:BatchGetSecretValue","Resource":"*"},
	 {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:*:*:secret:app/*"}]}`
	c, _ := userSM(t, e, "batch", doc)
	out := must(c.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{SecretIdList: []string{"app/a", "other/b"}}))
	if len(out.SecretValues) != 1 || aws.ToString(out.SecretValues[0].SecretString) != "app/a-v" ||
		len(out.Errors) != 1 || aws.ToString(out.Errors[0].ErrorCode) != "AccessDeniedException" {
		t.Fatalf("batch: %+v", out)
	}
	_, err := getSecret(c, "app/k") // customer key, no kms:Decrypt
	wantCode(t, err, "AccessDeniedException")

	doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"},
	 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + *key.KeyMetadata.Arn + `"}]}`
	k, _ := userSM(t, e, "withkey", doc)
	if got, err := getSecret(k, "app/k"); err != nil || got != "k-v" {
		t.Fatalf("with kms:Decrypt: %q, %v", got, err)
	}
}
