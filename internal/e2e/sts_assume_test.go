package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// TestSTS_AssumeRole: 3600 s credentials work for SSM and STS, identify the
// session, need their token, and stop working once expired.
func TestSTS_AssumeRole(t *testing.T) {
	e, clk := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	must(e.ssmAs("test", "test", "").PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/prod/db"), Value: aws.String("s3cret"), Type: "SecureString"}))
	role := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("emergency-access"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("emergency-access"), PolicyName: aws.String("p"), PolicyDocument: aws.String(allowAll)}))
	ak, sk := makeUser(t, c, "responder", allowAssume)
	user := e.stsAs(ak, sk, "")

	out := must(user.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("incident-2025"), DurationSeconds: aws.Int32(3600)}))
	cr := out.Credentials
	if !strings.HasPrefix(*cr.AccessKeyId, "ASIA") || len(*cr.SessionToken) < 20 || len(*cr.SecretAccessKey) != 40 {
		t.Fatalf("credentials = %+v", cr)
	}
	if d := cr.Expiration.Sub(clk.now()); d < 3599*time.Second || d > 3600*time.Second {
		t.Fatalf("expires in %v", d)
	}
	if *out.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/emergency-access/incident-2025" ||
		*out.AssumedRoleUser.AssumedRoleId != *role.Role.RoleId+":incident-2025" {
		t.Fatalf("AssumedRoleUser = %+v", out.AssumedRoleUser)
	}
	id := must(e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *id.Arn != *out.AssumedRoleUser.Arn || *id.UserId != *out.AssumedRoleUser.AssumedRoleId || *id.Account != acct {
		t.Fatalf("GetCallerIdentity = %+v", id)
	}
	sess := e.ssmAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	p := must(sess.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/db"), WithDecryption: aws.Bool(true)}))
	if *p.Parameter.Value != "s3cret" {
		t.Fatal("wrong value")
	}

	// The token is required, and must be the right one.
	_, err := e.ssmAs(*cr.AccessKeyId, *cr.SecretAccessKey, "").GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/db")})
	wantCode(t, err, "UnrecognizedClientException")
	forged := (*cr.SessionToken)[:len(*cr.SessionToken)-5] + "AAAAA"
	_, err = e.ssmAs(*cr.AccessKeyId, *cr.SecretAccessKey, forged).GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/db")})
	wantCode(t, err, "UnrecognizedClientException")
	_, err = e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, forged).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
	// A session token on a long-term key is refused too.
	_, err = e.stsAs(ak, sk, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")

	// Expiry: a second before, the credentials work; at expiry they stop.
	clk.advance(3599 * time.Second)
	must(sess.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/db")}))
	clk.advance(time.Second)
	_, err = sess.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/prod/db")})
	wantCode(t, err, "ExpiredTokenException")
	_, err = e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "ExpiredToken")
	var et *ststypes.ExpiredTokenException
	if asErr(err, &et) {
		t.Log("typed as ExpiredTokenException")
	}
}

func TestSTS_AssumeRoleRules(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	role := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	ak, sk := makeUser(t, c, "assumer", allowAssume)
	user := e.stsAs(ak, sk, "")
	assume := func(s *sts.Client, mod func(*sts.AssumeRoleInput)) (*sts.AssumeRoleOutput, error) {
		in := &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("s1")}
		if mod != nil {
			mod(in)
		}
		return s.AssumeRole(ctx, in)
	}
	dur := func(n int32) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(n) }
	}

	// Duration: 900..MaxSessionDuration.
	_, err := assume(user, dur(7200))
	wantCode(t, err, "ValidationError")
	_, err = assume(user, dur(899))
	wantCode(t, err, "ValidationError")
	must(assume(user, dur(900)))
	must(c.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("r"), MaxSessionDuration: aws.Int32(43200)}))
	must(assume(user, dur(43200)))
	_, err = assume(user, dur(43201))
	wantCode(t, err, "ValidationError")
	def := must(assume(user, nil))
	if d := time.Until(*def.Credentials.Expiration); d < 3500*time.Second || d > 3700*time.Second {
		t.Fatalf("default duration = %v", d)
	}

	// Names and documents.
	_, err = assume(user, func(in *sts.AssumeRoleInput) { in.RoleSessionName = aws.String("bad name") })
	wantCode(t, err, "ValidationError")
	_, err = assume(user, func(in *sts.AssumeRoleInput) { in.Policy = aws.String(`{"Statement":"x"}`) })
	wantCode(t, err, "MalformedPolicyDocument")
	_, err = assume(user, func(in *sts.AssumeRoleInput) {
		in.PolicyArns = []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::000000000000:policy/none")}}
	})
	wantCode(t, err, "ValidationError")

	// Who may assume: not a user without sts:AssumeRole, not another
	// account's role, not a role that does not exist.
	bak, bsk := makeUser(t, c, "bystander", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}`)
	_, err = assume(e.stsAs(bak, bsk, ""), nil)
	wantCode(t, err, "AccessDenied")
	_, err = user.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/r"), RoleSessionName: aws.String("s2")})
	wantCode(t, err, "AccessDenied")
	_, err = user.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::000000000000:role/none"), RoleSessionName: aws.String("s2")})
	wantCode(t, err, "AccessDenied")
	// ... but a trust policy that names the user itself suffices, and the
	// root user may assume a role that trusts the account.
	must(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:user/bystander","arn:aws:iam::000000000000:root"]},"Action":"sts:AssumeRole"}]}`)}))
	must(assume(e.stsAs(bak, bsk, ""), nil))
	must(assume(e.stsAs("test", "test", ""), nil))

	// ExternalId in the trust policy's condition.
	must(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-42"}}}]}`)}))
	_, err = assume(user, nil)
	wantCode(t, err, "AccessDenied")
	_, err = assume(user, func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String("ext-41") })
	wantCode(t, err, "AccessDenied")
	must(assume(user, func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String("ext-42") }))

	// Session tags need sts:TagSession; packed size is bounded.
	must(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(trustAcct)}))
	tags := func(in *sts.AssumeRoleInput) {
		for i := range 40 {
			in.Tags = append(in.Tags, ststypes.Tag{Key: aws.String(strings.Repeat(string(rune('a'+i%26)), 1+i/26) + strings.Repeat("k", 60)), Value: aws.String(strings.Repeat("v", 200))})
		}
	}
	_, err = assume(user, tags)
	wantCode(t, err, "AccessDenied") // the trust policy lacks sts:TagSession
	must(c.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("assumer"), PolicyName: aws.String("assumer-policy"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}`)}))
	must(c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`)}))
	_, err = assume(user, tags)
	wantCode(t, err, "PackedPolicyTooLarge")
	tagged := must(assume(user, func(in *sts.AssumeRoleInput) {
		in.Tags = []ststypes.Tag{{Key: aws.String("team"), Value: aws.String("red")}}
		in.Policy = aws.String(allowAll)
	}))
	//lint:ignore SA1019 the field is deprecated in the SDK, but STS still returns it and clients read it
	size := tagged.PackedPolicySize
	if size == nil || *size <= 0 {
		t.Fatalf("PackedPolicySize = %v", size)
	}

	// Role chaining: a session may assume a role for an hour at most.
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("chain"), PolicyDocument: aws.String(allowAssume)}))
	cr := tagged.Credentials
	chain := e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	_, err = assume(chain, dur(7200))
	wantCode(t, err, "ValidationError")
	must(assume(chain, dur(3600)))
}

// TestSTS_DeletedRole: the credentials of a deleted role are refused on
// the next request.
func TestSTS_DeletedRole(t *testing.T) {
	e, _ := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	role := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("gone"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	must(c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("gone"), PolicyName: aws.String("all"), PolicyDocument: aws.String(allowAll)}))
	out := must(e.stsAs("test", "test", "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("s2")}))
	cr := out.Credentials
	sess := e.ssmAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	_, err := sess.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	if err != nil {
		t.Fatal(err)
	}
	must(c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("gone"), PolicyName: aws.String("all")}))
	must(c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("gone")}))
	_, err = sess.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	wantCode(t, err, "UnrecognizedClientException")
	// A new role of the same name does not revive the old sessions.
	must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("gone"), AssumeRolePolicyDocument: aws.String(trustAcct)}))
	_, err = e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantCode(t, err, "InvalidClientTokenId")
}

func TestSTS_GetSessionToken(t *testing.T) {
	e, clk := startIAM(t)
	c := e.iam()
	ctx := context.Background()
	ak, sk := makeUser(t, c, "u", allowAll)
	out := must(e.stsAs(ak, sk, "").GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(129600)}))
	cr := out.Credentials
	if d := cr.Expiration.Sub(clk.now()); d < 129599*time.Second || d > 129600*time.Second {
		t.Fatalf("expires in %v", d)
	}
	id := must(e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *id.Arn != "arn:aws:iam::000000000000:user/u" {
		t.Fatalf("GetCallerIdentity = %s", *id.Arn)
	}
	_, err := e.stsAs(ak, sk, "").GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(129601)})
	wantCode(t, err, "ValidationError")
	_, err = e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantCode(t, err, "AccessDenied")
	root := must(e.stsAs("test", "test", "").GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(7200)}))
	if d := root.Credentials.Expiration.Sub(clk.now()); d > 3600*time.Second {
		t.Fatalf("root session lasts %v, want at most an hour", d)
	}
	rid := must(e.stsAs(*root.Credentials.AccessKeyId, *root.Credentials.SecretAccessKey, *root.Credentials.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *rid.Arn != "arn:aws:iam::000000000000:root" {
		t.Fatalf("root session = %s", *rid.Arn)
	}
	def := must(e.stsAs(ak, sk, "").GetSessionToken(ctx, &sts.GetSessionTokenInput{}))
	if d := def.Credentials.Expiration.Sub(clk.now()); d < 43199*time.Second || d > 43200*time.Second {
		t.Fatalf("default = %v", d)
	}
}
