package e2e_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arca-vault/arca/internal/server"
	"github.com/arca-vault/arca/internal/wire/awssts"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// oidcIssuer is a test identity provider: an RSA key published as a JWKS
// file.
type oidcIssuer struct {
	key  *rsa.PrivateKey
	jwks string
}

func newIssuer(t *testing.T) *oidcIssuer {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	set, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes()),
	}}})
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, set, 0o600); err != nil {
		t.Fatal(err)
	}
	return &oidcIssuer{key: k, jwks: path}
}

// token signs claims as an RS256 JWT with key id kid.
func (o *oidcIssuer) token(t *testing.T, kid string, claims map[string]any) string {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": kid})
	c, _ := json.Marshal(claims)
	signed := b64(h) + "." + b64(c)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, o.key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + b64(sig)
}

func TestSTS_AssumeRoleWithWebIdentity(t *testing.T) {
	idp := newIssuer(t)
	e, clk := startIAMWith(t, server.Config{OIDCIssuers: []awssts.Issuer{{URL: "https://idp.example", JWKS: idp.jwks, Audiences: []string{"sts.amazonaws.com"}}}})
	c := e.iam()
	ctx := context.Background()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::000000000000:oidc-provider/idp.example"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"idp.example:sub":"repo:arca:ref:main"}}}]}`
	role := must(c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("ci"), AssumeRolePolicyDocument: aws.String(trust)}))
	now := clk.now()
	claims := func(mod func(map[string]any)) map[string]any {
		m := map[string]any{"iss": "https://idp.example", "sub": "repo:arca:ref:main", "aud": "sts.amazonaws.com", "exp": now.Add(time.Hour).Unix(), "iat": now.Unix()}
		if mod != nil {
			mod(m)
		}
		return m
	}
	anon := sts.NewFromConfig(e.creds("", "", ""))
	call := func(tok string) (*sts.AssumeRoleWithWebIdentityOutput, error) {
		return anon.AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("ci-run"), WebIdentityToken: aws.String(tok)})
	}
	out := must(call(idp.token(t, "k1", claims(nil))))
	if *out.SubjectFromWebIdentityToken != "repo:arca:ref:main" || *out.Audience != "sts.amazonaws.com" || *out.Provider != "idp.example" ||
		*out.AssumedRoleUser.Arn != "arn:aws:sts::000000000000:assumed-role/ci/ci-run" {
		t.Fatalf("AssumeRoleWithWebIdentity = %+v", out)
	}
	cr := out.Credentials
	id := must(e.stsAs(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}))
	if *id.Arn != *out.AssumedRoleUser.Arn {
		t.Fatalf("GetCallerIdentity = %s", *id.Arn)
	}

	_, err := call(idp.token(t, "k1", claims(func(m map[string]any) { m["sub"] = "repo:arca:ref:evil" })))
	wantCode(t, err, "AccessDenied")
	_, err = call(idp.token(t, "k1", claims(func(m map[string]any) { m["exp"] = now.Add(-time.Hour).Unix() })))
	wantCode(t, err, "ExpiredTokenException")
	_, err = call(idp.token(t, "k1", claims(func(m map[string]any) { m["aud"] = "someone-else" })))
	wantCode(t, err, "IDPRejectedClaim")
	_, err = call(idp.token(t, "k1", claims(func(m map[string]any) { m["iss"] = "https://other.example" })))
	wantCode(t, err, "IDPRejectedClaim")
	_, err = call(newIssuer(t).token(t, "k1", claims(nil)))
	wantCode(t, err, "InvalidIdentityToken")
	_, err = call(idp.token(t, "k2", claims(nil)))
	wantCode(t, err, "InvalidIdentityToken")
	_, err = call("not.a-jwt")
	wantCode(t, err, "InvalidIdentityToken")
}
