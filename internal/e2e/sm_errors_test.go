package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// A customer key that is disabled after the fact: reads fail with
// DecryptionFailure, writes with EncryptionFailure; enabled again, both work.
func TestSM_KMSFailures(t *testing.T) {
	e, c := smStart(t)
	k := e.kms(smRegion)
	key, err := k.CreateKey(bg, &kms.CreateKeyInput{})
	wantOK(t, err)
	id := key.KeyMetadata.KeyId
	smCreate(t, c, "cmk", "under-my-key", func(in *secretsmanager.CreateSecretInput) { in.KmsKeyId = id })
	if got := aws.ToString(smDescribe(t, c, "cmk").KmsKeyId); got != aws.ToString(id) {
		t.Fatalf("KmsKeyId = %q", got)
	}
	_, err = k.DisableKey(bg, &kms.DisableKeyInput{KeyId: id})
	wantOK(t, err)
	_, err = c.GetSecretValue(bg, &secretsmanager.GetSecretValueInput{SecretId: aws.String("cmk")})
	wantTyped[*types.DecryptionFailure](t, err)
	if strings.Contains(err.Error(), "under-my-key") {
		t.Fatal("the error names the value")
	}
	_, err = c.PutSecretValue(bg, &secretsmanager.PutSecretValueInput{SecretId: aws.String("cmk"), SecretString: aws.String("new")})
	wantTyped[*types.EncryptionFailure](t, err)
	_, err = k.EnableKey(bg, &kms.EnableKeyInput{KeyId: id})
	wantOK(t, err)
	smPut(t, c, "cmk", "new")

	_, err = c.CreateSecret(bg, &secretsmanager.CreateSecretInput{Name: aws.String("nokey"), SecretString: aws.String("v"), KmsKeyId: aws.String("alias/does-not-exist")})
	wantTyped[*types.EncryptionFailure](t, err)

	// A new key re-seals AWSCURRENT and AWSPREVIOUS; both stay readable.
	key2, err := k.CreateKey(bg, &kms.CreateKeyInput{})
	wantOK(t, err)
	_, err = c.UpdateSecret(bg, &secretsmanager.UpdateSecretInput{SecretId: aws.String("cmk"), KmsKeyId: key2.KeyMetadata.KeyId})
	wantOK(t, err)
	_, err = k.DisableKey(bg, &kms.DisableKeyInput{KeyId: id})
	wantOK(t, err)
	if aws.ToString(smGet(t, c, "cmk").SecretString) != "new" || aws.ToString(smGet(t, c, "cmk", smStage("AWSPREVIOUS")).SecretString) != "under-my-key" {
		t.Fatal("values not re-sealed under the new key")
	}
}

// Raw requests: the envelope, the dialect's validation wording and what the
// SDK would not send.
func TestSM_RawErrors(t *testing.T) {
	e, _ := smStart(t)
	cases := []struct {
		op, body string
		status   int
		code     string
		contains string
	}{
		{"NoSuchOp", `{}`, 400, "UnknownOperationException", "NoSuchOp"},
		{"GetSecretValue", `{"SecretId":5}`, 400, "SerializationException", ""},
		{"GetSecretValue", `{`, 400, "SerializationException", ""},
		{"GetSecretValue", `{}`, 400, "ValidationException", "Value null at 'secretId' failed to satisfy constraint: Member must not be null"},
		{"CreateSecret", `{"Name":"x","SecretString":""}`, 400, "ValidationException", "Value at 'secretString' failed to satisfy constraint"},
		{"CreateSecret", `{"Name":"x","ClientRequestToken":"short"}`, 400, "ValidationException", "'clientRequestToken'"},
		{"DeleteSecret", `{"SecretId":"x","RecoveryWindowInDays":3}`, 400, "InvalidParameterException", "between 7 and 30"},
		{"ListSecrets", `{"Filters":[{"Key":"name","Values":["a;b"]}]}`, 400, "ValidationException", "regular expression pattern"},
		{"ListSecrets", `{"SortOrder":"sideways"}`, 400, "ValidationException", "enum value set: [asc, desc]"},
		{"UpdateSecretVersionStage", `{"SecretId":"x"}`, 400, "ValidationException", "'versionStage'"},
		{"RotateSecret", `{"SecretId":"x","RotationRules":{"Duration":"3"}}`, 400, "ValidationException", "'rotationRules.duration'"},
		{"GetSecretValue", `{"SecretId":"nope"}`, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."},
	}
	for _, tc := range cases {
		t.Run(tc.op+"_"+tc.code, func(t *testing.T) {
			r := e.smPost(t, tc.op, tc.body)
			if r.Status != tc.status || r.Code != tc.code || !strings.Contains(string(r.Body), tc.contains) {
				t.Fatalf("%s %s = %d %s %s", tc.op, tc.body, r.Status, r.Code, r.Body)
			}
		})
	}
	t.Run("timestamps_are_epoch_numbers", func(t *testing.T) {
		r := e.smPost(t, "CreateSecret", `{"Name":"ts","SecretString":"v"}`)
		if r.Status != 200 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		r = e.smPost(t, "DescribeSecret", `{"SecretId":"ts"}`)
		var d map[string]any
		wantOK(t, json.Unmarshal(r.Body, &d))
		if _, ok := d["CreatedDate"].(float64); !ok {
			t.Fatalf("CreatedDate = %#v", d["CreatedDate"])
		}
		if _, ok := d["RotationEnabled"]; ok {
			t.Fatal("RotationEnabled reported for a secret never rotated")
		}
	})
}
