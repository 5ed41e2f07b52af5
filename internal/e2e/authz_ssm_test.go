package e2e_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

const webPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter*"],
 "Resource":["arn:aws:ssm:*:*:parameter/prod/web/*","arn:aws:ssm:*:*:parameter/prod/shared/*"]}]}`

// authzSeed writes the parameters the tests read, as root, and returns a
// customer key's ARN; /prod/web/sec is sealed under it, /prod/web/managed
// under alias/aws/ssm.
func authzSeed(t *testing.T, e *iamEnv) string {
	t.Helper()
	ctx := context.Background()
	root := e.ssmAs("test", "test", "")
	key := must(kms.NewFromConfig(e.creds("test", "test", "")).CreateKey(ctx, &kms.CreateKeyInput{}))
	put := func(name, value string, typ ssmtypes.ParameterType, keyID *string) {
		must(root.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: typ, KeyId: keyID}))
	}
	put("/prod/web/a", "web-a", ssmtypes.ParameterTypeString, nil)
	put("/prod/shared/b", "shared-b", ssmtypes.ParameterTypeString, nil)
	put("/prod/worker/c", "worker-c", ssmtypes.ParameterTypeString, nil)
	put("/prod/web/sec", "web-secret", ssmtypes.ParameterTypeSecureString, key.KeyMetadata.Arn)
	put("/prod/web/managed", "web-managed", ssmtypes.ParameterTypeSecureString, nil)
	return *key.KeyMetadata.Arn
}

func getParam(c *ssm.Client, name string, decrypt bool) (string, error) {
	out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(decrypt)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Parameter.Value), nil
}

// TestAuthz_SSMPerServicePolicy: a web task's policy reads /prod/web/* and
// /prod/shared/*, never /prod/worker/*; a SecureString under a customer
// key also needs kms:Decrypt, one under alias/aws/ssm does not.
func TestAuthz_SSMPerServicePolicy(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	keyARN := authzSeed(t, e)
	web := userSSM(t, e, "web", webPolicy)

	for name, want := range map[string]string{"/prod/web/a": "web-a", "/prod/shared/b": "shared-b", "/prod/web/managed": "web-managed"} {
		if got, err := getParam(web, name, true); err != nil || got != want {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	_, err := getParam(web, "/prod/worker/c", false)
	wantCode(t, err, "AccessDeniedException")
	_, err = web.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/prod/web/a", "/prod/worker/c"}})
	wantCode(t, err, "AccessDeniedException")
	_, err = getParam(web, "/prod/web/sec", true) // no kms:Decrypt on the customer key
	wantCode(t, err, "AccessDeniedException")
	if _, err := getParam(web, "/prod/web/sec", false); err != nil {
		t.Errorf("ciphertext without decryption: %v", err)
	}
	_, err = web.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/prod/web/new"), Value: aws.String("x"), Type: ssmtypes.ParameterTypeString})
	wantCode(t, err, "AccessDeniedException")

	withKey := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter*","Resource":"arn:aws:ssm:*:*:parameter/prod/web/*"},
	 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + keyARN + `"}]}`
	webkms := userSSM(t, e, "webkms", withKey)
	if got, err := getParam(webkms, "/prod/web/sec", true); err != nil || got != "web-secret" {
		t.Errorf("with kms:Decrypt: %q, %v", got, err)
	}

	// Root is unaffected.
	if got, err := getParam(e.ssmAs("test", "test", ""), "/prod/worker/c", true); err != nil || got != "worker-c" {
		t.Errorf("root: %q, %v", got, err)
	}
}

// TestAuthz_SSMByPath: GetParametersByPath is authorized on the path's ARN
// (arn:...:parameter/prod/web), as AWS documents it.
func TestAuthz_SSMByPath(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	authzSeed(t, e)
	in := &ssm.GetParametersByPathInput{Path: aws.String("/prod/web")}
	_, err := userSSM(t, e, "web", webPolicy).GetParametersByPath(ctx, in)
	wantCode(t, err, "AccessDeniedException")
	byPath := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":"arn:aws:ssm:*:*:parameter/prod/web"}]}`
	out, err := userSSM(t, e, "webpath", byPath).GetParametersByPath(ctx, in)
	if err != nil || len(out.Parameters) != 3 {
		t.Fatalf("by path: %v, %v", out, err)
	}
}

// TestAuthz_SSMExplicitDeny: a Deny wins over an Allow of everything.
func TestAuthz_SSMExplicitDeny(t *testing.T) {
	e, _ := startIAM(t)
	authzSeed(t, e)
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
	 {"Effect":"Deny","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*:*:parameter/prod/web/a"}]}`
	c := userSSM(t, e, "denied", doc)
	_, err := getParam(c, "/prod/web/a", false)
	wantCode(t, err, "AccessDeniedException")
	if _, err := getParam(c, "/prod/shared/b", false); err != nil {
		t.Fatal(err)
	}
	// An explicit deny of kms:Decrypt binds even the AWS-managed key.
	doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*"},
	 {"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`
	_, err = getParam(userSSM(t, e, "nodecrypt", doc), "/prod/web/managed", true)
	wantCode(t, err, "AccessDeniedException")
}

// TestAuthz_SessionPolicy: an assumed role's session policy intersects
// with the role's policies.
func TestAuthz_SessionPolicy(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	authzSeed(t, e)
	c := e.iam()
	role := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("task"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("task"), PolicyName: aws.String("all"), PolicyDocument: aws.String(allowAll)}))
	session := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*:*:parameter/prod/shared/*"}]}`
	out := must(e.stsAs("test", "test", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("task-session"), Policy: aws.String(session)}))
	cr := out.Credentials
	s := e.ssmAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	if _, err := getParam(s, "/prod/shared/b", false); err != nil {
		t.Fatal(err)
	}
	_, err := getParam(s, "/prod/web/a", false)
	wantCode(t, err, "AccessDeniedException")
}

// userSSM returns an SSM client of a new user with the inline policy doc.
func userSSM(t *testing.T, e *iamEnv, name, doc string) *ssm.Client {
	t.Helper()
	ak, sk := makeUser(t, e.iam(), name, doc)
	return e.ssmAs(ak, sk, "")
}

// TestAuthz_IAM: IAM operations of a user are decided by its policies;
// GetCallerIdentity needs none.
func TestAuthz_IAM(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	ak, sk := makeUser(t, e.iam(), "nobody", "")
	_, err := e.iamAs(ak, sk, "").ListUsers(ctx, &iam.ListUsersInput{})
	wantCode(t, err, "AccessDenied")
	if _, err := e.stsAs(ak, sk, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	ak, sk = makeUser(t, e.iam(), "reader", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]}`)
	if _, err := e.iamAs(ak, sk, "").ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Fatal(err)
	}
}
