package e2e_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

func TestSM_ResourcePolicy(t *testing.T) {
	_, c := smStart(t)
	smCreate(t, c, "pol", "v")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:role/app"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	_, err := c.PutResourcePolicy(bg, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String("pol"), ResourcePolicy: aws.String(doc), BlockPublicPolicy: aws.Bool(true)})
	wantOK(t, err)
	g, err := c.GetResourcePolicy(bg, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String("pol")})
	wantOK(t, err)
	if aws.ToString(g.ResourcePolicy) != doc || aws.ToString(g.Name) != "pol" {
		t.Fatalf("policy = %+v", g)
	}
	_, err = c.PutResourcePolicy(bg, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String("pol"), ResourcePolicy: aws.String(public), BlockPublicPolicy: aws.Bool(true)})
	wantTyped[*types.PublicPolicyException](t, err)
	_, err = c.PutResourcePolicy(bg, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String("pol"), ResourcePolicy: aws.String(`{"Statement":"nope"}`)})
	wantTyped[*types.MalformedPolicyDocumentException](t, err)
	_, err = c.PutResourcePolicy(bg, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String("nope"), ResourcePolicy: aws.String(doc)})
	wantTyped[*types.ResourceNotFoundException](t, err)

	v, err := c.ValidateResourcePolicy(bg, &secretsmanager.ValidateResourcePolicyInput{SecretId: aws.String("pol"), ResourcePolicy: aws.String(public)})
	wantOK(t, err)
	if v.PolicyValidationPassed || len(v.ValidationErrors) != 1 || aws.ToString(v.ValidationErrors[0].CheckName) == "" {
		t.Fatalf("validate public = %+v", v)
	}
	v, err = c.ValidateResourcePolicy(bg, &secretsmanager.ValidateResourcePolicyInput{ResourcePolicy: aws.String(doc)})
	wantOK(t, err)
	if !v.PolicyValidationPassed || len(v.ValidationErrors) != 0 {
		t.Fatalf("validate = %+v", v)
	}
	_, err = c.ValidateResourcePolicy(bg, &secretsmanager.ValidateResourcePolicyInput{ResourcePolicy: aws.String("not json")})
	wantTyped[*types.MalformedPolicyDocumentException](t, err)

	_, err = c.DeleteResourcePolicy(bg, &secretsmanager.DeleteResourcePolicyInput{SecretId: aws.String("pol")})
	wantOK(t, err)
	g, err = c.GetResourcePolicy(bg, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String("pol")})
	wantOK(t, err)
	if g.ResourcePolicy != nil {
		t.Fatalf("policy after delete = %q", aws.ToString(g.ResourcePolicy))
	}
}
