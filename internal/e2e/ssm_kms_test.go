package e2e_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/arca-vault/arca/internal/server"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// TestSSM_SecureStringNeverPlaintext reads a SecureString through every
// read operation without decryption: no answer may carry the plaintext.
func TestSSM_SecureStringNeverPlaintext(t *testing.T) {
	e := start(t, server.Config{})
	c := e.ssm(ssmRegion)
	ctx := context.Background()
	const secret = "hunter2-do-not-leak"
	ssmPut(t, c, "/sec/db/password", secret, types.ParameterTypeSecureString)
	ssmPut(t, c, "/sec/db/password", secret+"-v2", "", ssmOverwrite)

	reads := map[string]func() (any, error){
		"GetParameter": func() (any, error) {
			return c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/sec/db/password")})
		},
		"GetParameter_version": func() (any, error) {
			return c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/sec/db/password:1"), WithDecryption: aws.Bool(false)})
		},
		"GetParameters": func() (any, error) {
			return c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/sec/db/password", "/sec/db/password:1"}})
		},
		"GetParametersByPath": func() (any, error) {
			return c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/sec"), Recursive: aws.Bool(true)})
		},
		"GetParameterHistory": func() (any, error) {
			return c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/sec/db/password")})
		},
		"DescribeParameters": func() (any, error) {
			return c.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
		},
	}
	for name, read := range reads {
		t.Run(name, func(t *testing.T) {
			out, err := read()
			wantOK(t, err)
			var values []string
			switch o := out.(type) {
			case *ssm.GetParameterOutput:
				values = append(values, aws.ToString(o.Parameter.Value))
			case *ssm.GetParametersOutput:
				for _, p := range o.Parameters {
					values = append(values, aws.ToString(p.Value))
				}
			case *ssm.GetParametersByPathOutput:
				for _, p := range o.Parameters {
					values = append(values, aws.ToString(p.Value))
				}
			case *ssm.GetParameterHistoryOutput:
				for _, p := range o.Parameters {
					values = append(values, aws.ToString(p.Value))
				}
			case *ssm.DescribeParametersOutput:
				if len(o.Parameters) != 1 || aws.ToString(o.Parameters[0].KeyId) != "alias/aws/ssm" {
					t.Fatalf("describe: %+v", o.Parameters)
				}
				return
			}
			if len(values) == 0 {
				t.Fatal("no values returned")
			}
			for _, v := range values {
				if v == "" || strings.Contains(v, "hunter2") {
					t.Fatalf("value %q is empty or leaks the plaintext", v)
				}
				raw, err := base64.StdEncoding.DecodeString(v)
				if err != nil || strings.Contains(string(raw), "hunter2") {
					t.Fatalf("value %q is not base64 ciphertext (%v)", v, err)
				}
			}
		})
	}
}

func TestSSM_SecureStringCustomerKey(t *testing.T) {
	e := start(t, server.Config{})
	c, k := e.ssm(ssmRegion), e.kms(ssmRegion)
	ctx := context.Background()
	key, err := k.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("app key")})
	wantOK(t, err)
	id, keyARN := aws.ToString(key.KeyMetadata.KeyId), aws.ToString(key.KeyMetadata.Arn)
	_, err = k.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/app"), TargetKeyId: aws.String(id)})
	wantOK(t, err)

	refs := map[string]string{
		"alias":     "alias/app",
		"alias_arn": "arn:aws:kms:us-east-1:000000000000:alias/app",
		"key_id":    id,
		"key_arn":   keyARN,
	}
	for name, ref := range refs {
		t.Run(name, func(t *testing.T) {
			p := "/cmk/" + name
			ssmPut(t, c, p, "secret-"+name, types.ParameterTypeSecureString, ssmKey(ref))
			if v := aws.ToString(ssmGet(t, c, p).Value); v != "secret-"+name {
				t.Fatalf("decrypted %q", v)
			}
			if d := ssmDescribeOne(t, c, p); aws.ToString(d.KeyId) != ref {
				t.Fatalf("described KeyId = %q, want %q", aws.ToString(d.KeyId), ref)
			}
			// An overwrite without KeyId keeps the key.
			ssmPut(t, c, p, "again", "", ssmOverwrite)
			if d := ssmDescribeOne(t, c, p); aws.ToString(d.KeyId) != ref {
				t.Fatalf("KeyId after overwrite = %q, want %q", aws.ToString(d.KeyId), ref)
			}
			h, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String(p)})
			wantOK(t, err)
			for _, v := range h.Parameters {
				if aws.ToString(v.KeyId) != ref {
					t.Fatalf("history KeyId = %q, want %q", aws.ToString(v.KeyId), ref)
				}
			}
		})
	}

	invalid := map[string]string{
		"unknown_alias":     "alias/nope",
		"unknown_key_id":    "0b7e3a4c-1111-2222-3333-444455556666",
		"other_region_arn":  strings.Replace(keyARN, "us-east-1", "us-west-2", 1),
		"other_account_arn": strings.Replace(keyARN, "000000000000", "111111111111", 1),
		"not_a_key":         "garbage",
	}
	for name, ref := range invalid {
		t.Run("invalid_"+name, func(t *testing.T) {
			_, err := c.PutParameter(ctx, ssmPutInput("/cmk/bad/"+name, "x", types.ParameterTypeSecureString, ssmKey(ref)))
			wantTyped[*types.InvalidKeyId](t, err)
			_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cmk/bad/" + name)})
			wantCode(t, err, "ParameterNotFound")
		})
	}

	t.Run("disabled_key", func(t *testing.T) {
		ssmPut(t, c, "/cmk/dis/a", "before", types.ParameterTypeSecureString, ssmKey("alias/app"))
		_, err := k.DisableKey(ctx, &kms.DisableKeyInput{KeyId: aws.String(id)})
		wantOK(t, err)
		decrypting := map[string]func() error{
			"GetParameter": func() error {
				_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cmk/dis/a"), WithDecryption: aws.Bool(true)})
				return err
			},
			"GetParameters": func() error {
				_, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/cmk/dis/a"}, WithDecryption: aws.Bool(true)})
				return err
			},
			"GetParametersByPath": func() error {
				_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/cmk/dis"), WithDecryption: aws.Bool(true)})
				return err
			},
			"GetParameterHistory": func() error {
				_, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/cmk/dis/a"), WithDecryption: aws.Bool(true)})
				return err
			},
			"PutParameter_new": func() error {
				_, err := c.PutParameter(ctx, ssmPutInput("/cmk/dis/b", "x", types.ParameterTypeSecureString, ssmKey("alias/app")))
				return err
			},
			"PutParameter_overwrite_keeps_key": func() error {
				_, err := c.PutParameter(ctx, ssmPutInput("/cmk/dis/a", "after", "", ssmOverwrite))
				return err
			},
		}
		for name, call := range decrypting {
			t.Run(name, func(t *testing.T) { wantTyped[*types.InvalidKeyId](t, call()) })
		}
		// Reads without decryption still work; nothing was written.
		out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cmk/dis/a")})
		wantOK(t, err)
		if out.Parameter.Version != 1 || aws.ToString(out.Parameter.Value) == "before" {
			t.Fatalf("read without decryption: version %d value %q", out.Parameter.Version, aws.ToString(out.Parameter.Value))
		}
		_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/cmk/dis/b")})
		wantCode(t, err, "ParameterNotFound")

		_, err = k.EnableKey(ctx, &kms.EnableKeyInput{KeyId: aws.String(id)})
		wantOK(t, err)
		if v := aws.ToString(ssmGet(t, c, "/cmk/dis/a").Value); v != "before" {
			t.Fatalf("after re-enabling: %q", v)
		}
	})

	t.Run("key_is_regional", func(t *testing.T) {
		west := e.ssm("us-west-2")
		_, err := west.PutParameter(ctx, ssmPutInput("/cmk/west", "x", types.ParameterTypeSecureString, ssmKey("alias/app")))
		wantTyped[*types.InvalidKeyId](t, err)
	})
}
