package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// The identity work after the first round: condition keys the core
// supplies, permissions boundaries, GetRandomPassword and GenerateRandom
// authorization, the KMS key policy lockout check.

// TestAuthz_KMSViaService: a key whose use is allowed only through SSM
// (kms:ViaService) opens a SecureString for GetParameter, while a direct
// kms:Decrypt of the same key is refused.
func TestAuthz_KMSViaService(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	rootKMS := kms.NewFromConfig(e.creds("test", "test", ""))
	key := must(rootKMS.CreateKey(ctx, &kms.CreateKeyInput{}))
	keyARN := aws.ToString(key.KeyMetadata.Arn)
	rootSSM := e.ssmAs("test", "test", "")
	must(rootSSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/prod/web/pw"), Value: aws.String("s3cret"), Type: ssmtypes.ParameterTypeSecureString, KeyId: aws.String(keyARN)}))
	blob := must(rootKMS.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(keyARN), Plaintext: []byte("x")}))

	doc := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"},
	 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"` + keyARN + `","Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com"}}}]}`
	ak, sk := makeUser(t, e.iam(), "via", doc)
	out, err := e.ssmAs(ak, sk, "").GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/web/pw"), WithDecryption: aws.Bool(true)})
	if err != nil || aws.ToString(out.Parameter.Value) != "s3cret" {
		t.Fatalf("GetParameter through SSM: %v", err)
	}
	_, err = kms.NewFromConfig(e.creds(ak, sk, "")).Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: blob.CiphertextBlob})
	wantCode(t, err, "AccessDeniedException")
}

// TestAuthz_KMSEncryptionContext: kms:EncryptionContext:K in a policy.
func TestAuthz_KMSEncryptionContext(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	key := must(kms.NewFromConfig(e.creds("test", "test", "")).CreateKey(ctx, &kms.CreateKeyInput{}))
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*",
	 "Condition":{"StringEquals":{"kms:EncryptionContext:app":"web"},"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["app"]}}}]}`
	ak, sk := makeUser(t, e.iam(), "ec", doc)
	c := kms.NewFromConfig(e.creds(ak, sk, ""))
	enc, err := c.Encrypt(ctx, &kms.EncryptInput{KeyId: key.KeyMetadata.KeyId, Plaintext: []byte("x"), EncryptionContext: map[string]string{"app": "web"}})
	wantOK(t, err)
	_, err = c.Decrypt(ctx, &kms.DecryptInput{CiphertextBlob: enc.CiphertextBlob, EncryptionContext: map[string]string{"app": "web"}})
	wantOK(t, err)
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: key.KeyMetadata.KeyId, Plaintext: []byte("x"), EncryptionContext: map[string]string{"app": "worker"}})
	wantCode(t, err, "AccessDeniedException")
	_, err = c.Encrypt(ctx, &kms.EncryptInput{KeyId: key.KeyMetadata.KeyId, Plaintext: []byte("x")})
	wantCode(t, err, "AccessDeniedException")
}

// TestAuthz_SecretConditionKeys: secretsmanager:ResourceTag/K,
// secretsmanager:Name and aws:RequestTag/K, aws:TagKeys.
func TestAuthz_SecretConditionKeys(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("web/db"), SecretString: aws.String("w"),
		Tags: []smtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}))
	must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("ops/db"), SecretString: aws.String("o"),
		Tags: []smtypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}}))
	doc := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"secretsmanager:ResourceTag/team":"web"}}},
	 {"Effect":"Allow","Action":"secretsmanager:DescribeSecret","Resource":"*","Condition":{"StringLike":{"secretsmanager:Name":"ops/*"}}},
	 {"Effect":"Allow","Action":"secretsmanager:CreateSecret","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"web"},"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}]}`
	c, _ := userSM(t, e, "tagged", doc)
	if got, err := getSecret(c, "web/db"); err != nil || got != "w" {
		t.Fatalf("tagged web: %q, %v", got, err)
	}
	_, err := getSecret(c, "ops/db")
	wantCode(t, err, "AccessDeniedException")
	_, err = c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("ops/db")})
	wantOK(t, err)
	_, err = c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("web/db")})
	wantCode(t, err, "AccessDeniedException")
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("web/new"), SecretString: aws.String("n"),
		Tags: []smtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}})
	wantOK(t, err)
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("web/new2"), SecretString: aws.String("n"),
		Tags: []smtypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}})
	wantCode(t, err, "AccessDeniedException")
	_, err = c.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String("web/new3"), SecretString: aws.String("n")})
	wantCode(t, err, "AccessDeniedException")
}

// TestAuthz_RandomNeedsPermission: GetRandomPassword and GenerateRandom are
// authorized like every other operation.
func TestAuthz_RandomNeedsPermission(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	ak, sk := makeUser(t, e.iam(), "nobody", "")
	_, err := secretsmanager.NewFromConfig(e.creds(ak, sk, "")).GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{})
	wantCode(t, err, "AccessDeniedException")
	_, err = kms.NewFromConfig(e.creds(ak, sk, "")).GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(16)})
	wantCode(t, err, "AccessDeniedException")

	ak, sk = makeUser(t, e.iam(), "rand", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetRandomPassword","kms:GenerateRandom"],"Resource":"*"}]}`)
	_, err = secretsmanager.NewFromConfig(e.creds(ak, sk, "")).GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{})
	wantOK(t, err)
	_, err = kms.NewFromConfig(e.creds(ak, sk, "")).GenerateRandom(ctx, &kms.GenerateRandomInput{NumberOfBytes: aws.Int32(16)})
	wantOK(t, err)
	_, err = secretsmanager.NewFromConfig(e.creds("test", "test", "")).GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{})
	wantOK(t, err)
}

// TestAuthz_KeyPolicyLockout: PutKeyPolicy and CreateKey refuse a policy
// that would not let the caller change it again, unless
// BypassPolicyLockoutSafetyCheck.
func TestAuthz_KeyPolicyLockout(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	root := kms.NewFromConfig(e.creds("test", "test", ""))
	key := must(root.CreateKey(ctx, &kms.CreateKeyInput{}))
	other := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/someone"},"Action":"kms:*","Resource":"*"}]}`
	_, err := root.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: key.KeyMetadata.KeyId, PolicyName: aws.String("default"), Policy: aws.String(other)})
	wantCode(t, err, "MalformedPolicyDocumentException")
	if err == nil || !strings.Contains(err.Error(), "The new key policy will not allow you to update the key policy in the future.") {
		t.Fatalf("message: %v", err)
	}
	_, err = root.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String(other)})
	wantCode(t, err, "MalformedPolicyDocumentException")
	keys := must(root.ListKeys(ctx, &kms.ListKeysInput{}))
	if len(keys.Keys) != 1 {
		t.Fatalf("a refused CreateKey left a key: %d keys", len(keys.Keys))
	}
	// The default policy (the account) keeps root able to change it.
	def := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"}]}`
	_, err = root.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: key.KeyMetadata.KeyId, PolicyName: aws.String("default"), Policy: aws.String(def)})
	wantOK(t, err)
	_, err = root.PutKeyPolicy(ctx, &kms.PutKeyPolicyInput{KeyId: key.KeyMetadata.KeyId, PolicyName: aws.String("default"), Policy: aws.String(other), BypassPolicyLockoutSafetyCheck: true})
	wantOK(t, err)
	_, err = root.CreateKey(ctx, &kms.CreateKeyInput{Policy: aws.String(other), BypassPolicyLockoutSafetyCheck: true})
	wantOK(t, err)
}

// TestIAM_PermissionsBoundary: a boundary caps what identity policies
// grant; GetUser and GetRole show it; a resource policy naming the user
// is not limited by it; the policy cannot be deleted while in use.
func TestIAM_PermissionsBoundary(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	c := e.iam()
	root := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	for _, n := range []string{"prod/web/db", "prod/ops/db"} {
		must(root.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(n), SecretString: aws.String(n)}))
	}
	bound := must(c.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("web-only"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"arn:aws:secretsmanager:*:*:secret:prod/web/*"}]}`)}))
	boundARN := bound.Policy.Arn
	sm, _ := userSM(t, e, "dev", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)
	if _, err := getSecret(sm, "prod/ops/db"); err != nil {
		t.Fatalf("before the boundary: %v", err)
	}
	must(c.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: aws.String("dev"), PermissionsBoundary: boundARN}))
	u := must(c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("dev")}))
	if u.User.PermissionsBoundary == nil || aws.ToString(u.User.PermissionsBoundary.PermissionsBoundaryArn) != aws.ToString(boundARN) ||
		u.User.PermissionsBoundary.PermissionsBoundaryType != "Policy" {
		t.Fatalf("GetUser boundary: %+v", u.User.PermissionsBoundary)
	}
	if _, err := getSecret(sm, "prod/web/db"); err != nil {
		t.Fatalf("inside the boundary: %v", err)
	}
	_, err := getSecret(sm, "prod/ops/db")
	wantCode(t, err, "AccessDeniedException")

	// A resource policy naming the user itself is not limited by the
	// boundary.
	ops := must(root.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String("prod/ops/db")}))
	must(root.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: ops.ARN, ResourcePolicy: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:user/dev"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`)}))
	if _, err := getSecret(sm, "prod/ops/db"); err != nil {
		t.Fatalf("resource policy naming the user: %v", err)
	}

	p := must(c.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: boundARN}))
	if aws.ToInt32(p.Policy.PermissionsBoundaryUsageCount) != 1 {
		t.Fatalf("PermissionsBoundaryUsageCount = %d", aws.ToInt32(p.Policy.PermissionsBoundaryUsageCount))
	}
	_, err = c.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: boundARN})
	wantCode(t, err, "DeleteConflict")

	// The simulator applies the boundary too.
	sim := must(c.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: u.User.Arn,
		ActionNames: []string{"secretsmanager:GetSecretValue"}, ResourceArns: []string{"arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/worker/x"}}))
	if d := sim.EvaluationResults[0].EvalDecision; d != "implicitDeny" {
		t.Fatalf("simulated outside the boundary: %s", d)
	}
	if pb := sim.EvaluationResults[0].PermissionsBoundaryDecisionDetail; pb == nil || pb.AllowedByPermissionsBoundary {
		t.Fatalf("PermissionsBoundaryDecisionDetail = %+v", pb)
	}

	must(c.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("dev")}))
	u = must(c.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("dev")}))
	if u.User.PermissionsBoundary != nil {
		t.Fatalf("boundary after delete: %+v", u.User.PermissionsBoundary)
	}
	must(root.DeleteResourcePolicy(ctx, &secretsmanager.DeleteResourcePolicyInput{SecretId: ops.ARN}))
	if _, err := getSecret(sm, "prod/ops/db"); err != nil {
		t.Fatalf("after DeleteUserPermissionsBoundary: %v", err)
	}

	// Roles: at creation, and on a session.
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("task"), AssumeRolePolicyDocument: aws.String(trustAcct), PermissionsBoundary: boundARN}))
	r := must(c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("task")}))
	if r.Role.PermissionsBoundary == nil || aws.ToString(r.Role.PermissionsBoundary.PermissionsBoundaryArn) != aws.ToString(boundARN) {
		t.Fatalf("GetRole boundary: %+v", r.Role.PermissionsBoundary)
	}
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("task"), PolicyName: aws.String("all"), PolicyDocument: aws.String(allowAll)}))
	creds := must(e.stsAs("test", "test", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/task"), RoleSessionName: aws.String("s1")}))
	rs := secretsmanager.NewFromConfig(e.creds(aws.ToString(creds.Credentials.AccessKeyId), aws.ToString(creds.Credentials.SecretAccessKey), aws.ToString(creds.Credentials.SessionToken)))
	if _, err := getSecret(rs, "prod/web/db"); err != nil {
		t.Fatalf("role session inside the boundary: %v", err)
	}
	_, err = getSecret(rs, "prod/ops/db")
	wantCode(t, err, "AccessDeniedException")
	must(c.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String("task")}))
	if _, err := getSecret(rs, "prod/ops/db"); err != nil {
		t.Fatalf("role session after DeleteRolePermissionsBoundary: %v", err)
	}
	_, err = c.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: aws.String("task"), PermissionsBoundary: aws.String("arn:aws:iam::000000000000:policy/missing")})
	wantCode(t, err, "NoSuchEntity")
}

// TestIAM_SimulatePositions: MatchedStatements locate the deciding
// statement (the document and positions of the AWS CLI documentation's
// simulate-custom-policy example).
func TestIAM_SimulatePositions(t *testing.T) {
	e, _ := startIAM(t)
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"s3:ListBucket\",\n    \"Resource\": \"arn:aws:s3:::teambucket\"\n  }\n}\n"
	out := must(e.iam().SimulateCustomPolicy(context.Background(), &iam.SimulateCustomPolicyInput{
		PolicyInputList: []string{doc}, ActionNames: []string{"s3:ListBucket"}, ResourceArns: []string{"arn:aws:s3:::teambucket"},
		PermissionsBoundaryPolicyInputList: []string{allowAll},
	}))
	r := out.EvaluationResults[0]
	if r.EvalDecision != "allowed" || len(r.MatchedStatements) != 1 {
		t.Fatalf("result: %s, %d statements", r.EvalDecision, len(r.MatchedStatements))
	}
	m := r.MatchedStatements[0]
	if m.StartPosition == nil || m.EndPosition == nil {
		t.Fatal("no positions")
	}
	if got := [4]int32{m.StartPosition.Line, m.StartPosition.Column, m.EndPosition.Line, m.EndPosition.Column}; got != [4]int32{3, 16, 7, 4} {
		t.Fatalf("positions (line, column, line, column) = %v, want [3 16 7 4]", got)
	}
}

// TestAuthz_TagKeysSSMAndKMS: aws:ResourceTag/K on parameters and keys,
// aws:RequestTag/K on CreateKey and AddTagsToResource, ssm:Overwrite.
func TestAuthz_TagKeysSSMAndKMS(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	rootSSM := e.ssmAs("test", "test", "")
	must(rootSSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/a/web"), Value: aws.String("w"), Type: ssmtypes.ParameterTypeString,
		Tags: []ssmtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}))
	must(rootSSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/a/ops"), Value: aws.String("o"), Type: ssmtypes.ParameterTypeString}))
	doc := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"web"}}},
	 {"Effect":"Allow","Action":"ssm:PutParameter","Resource":"*"},
	 {"Effect":"Deny","Action":"ssm:PutParameter","Resource":"*","Condition":{"Bool":{"ssm:Overwrite":"true"}}},
	 {"Effect":"Allow","Action":"ssm:AddTagsToResource","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"web"}}},
	 {"Effect":"Allow","Action":"kms:CreateKey","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"web"}}},
	 {"Effect":"Allow","Action":"kms:DescribeKey","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"web"}}}]}`
	ak, sk := makeUser(t, e.iam(), "tags", doc)
	c := e.ssmAs(ak, sk, "")
	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/a/web")})
	wantOK(t, err)
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/a/ops")})
	wantCode(t, err, "AccessDeniedException")
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/a/new"), Value: aws.String("n"), Type: ssmtypes.ParameterTypeString})
	wantOK(t, err)
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/a/new"), Value: aws.String("n2"), Type: ssmtypes.ParameterTypeString, Overwrite: aws.Bool(true)})
	wantCode(t, err, "AccessDeniedException")
	_, err = c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String("/a/ops"),
		Tags: []ssmtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}})
	wantOK(t, err)
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/a/ops")}) // now tagged team=web
	wantOK(t, err)
	_, err = c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String("/a/ops"),
		Tags: []ssmtypes.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}})
	wantCode(t, err, "AccessDeniedException")

	k := kms.NewFromConfig(e.creds(ak, sk, ""))
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{Tags: []kmstypes.Tag{{TagKey: aws.String("team"), TagValue: aws.String("web")}}})
	wantOK(t, err)
	_, err = k.CreateKey(ctx, &kms.CreateKeyInput{})
	wantCode(t, err, "AccessDeniedException")
	_, err = k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: key.KeyMetadata.KeyId})
	wantOK(t, err)
	other := must(kms.NewFromConfig(e.creds("test", "test", "")).CreateKey(ctx, &kms.CreateKeyInput{}))
	_, err = k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: other.KeyMetadata.KeyId})
	wantCode(t, err, "AccessDeniedException")
}

// TestAuthz_ServiceEncryptionContext: the encryption context SSM
// (PARAMETER_ARN) and Secrets Manager (SecretARN) send to KMS is seen by
// kms:EncryptionContext conditions on the implied kms:Decrypt.
func TestAuthz_ServiceEncryptionContext(t *testing.T) {
	e, _ := startIAM(t)
	ctx := context.Background()
	key := must(kms.NewFromConfig(e.creds("test", "test", "")).CreateKey(ctx, &kms.CreateKeyInput{}))
	keyARN := aws.ToString(key.KeyMetadata.Arn)
	rootSSM := e.ssmAs("test", "test", "")
	rootSM := secretsmanager.NewFromConfig(e.creds("test", "test", ""))
	for _, n := range []string{"/prod/a", "/dev/a"} {
		must(rootSSM.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(n), Value: aws.String("v"), Type: ssmtypes.ParameterTypeSecureString, KeyId: aws.String(keyARN)}))
	}
	for _, n := range []string{"prod/s", "dev/s"} {
		must(rootSM.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(n), SecretString: aws.String("v"), KmsKeyId: aws.String(keyARN)}))
	}
	doc := `{"Version":"2012-10-17","Statement":[
	 {"Effect":"Allow","Action":["ssm:GetParameter","secretsmanager:GetSecretValue"],"Resource":"*"},
	 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:EncryptionContext:PARAMETER_ARN":"arn:aws:ssm:*:*:parameter/prod/*"}}},
	 {"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringLike":{"kms:EncryptionContext:SecretARN":"arn:aws:secretsmanager:*:*:secret:prod/*"}}}]}`
	ak, sk := makeUser(t, e.iam(), "ctx", doc)
	c := e.ssmAs(ak, sk, "")
	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/a"), WithDecryption: aws.Bool(true)})
	wantOK(t, err)
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/dev/a"), WithDecryption: aws.Bool(true)})
	wantCode(t, err, "AccessDeniedException")
	sm := secretsmanager.NewFromConfig(e.creds(ak, sk, ""))
	_, err = getSecret(sm, "prod/s")
	wantOK(t, err)
	_, err = getSecret(sm, "dev/s")
	wantCode(t, err, "AccessDeniedException")
}
