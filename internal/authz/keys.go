package authz

import "strings"

// Service-specific condition keys that the core supplies (through
// Request.Context or Request.Lookup); the names are AWS's.
const (
	KeyKMSViaService       = "kms:ViaService"              // the service that calls KMS for the caller
	KeyKMSCallerAccount    = "kms:CallerAccount"           // the caller's account
	KeyKMSContext          = "kms:EncryptionContext:"      // prefix: + context key
	KeyKMSContextKeys      = "kms:EncryptionContextKeys"   // the encryption context's keys
	KeySecretName          = "secretsmanager:Name"         // the secret's friendly name
	KeySecretID            = "secretsmanager:SecretId"     // the secret's ARN
	KeySecretVersionStage  = "secretsmanager:VersionStage" // the staging label a read asks for
	KeySecretVersionID     = "secretsmanager:VersionId"    // the version a read asks for
	KeySecretResourceTag   = "secretsmanager:ResourceTag/" // prefix: + tag key
	KeySecretKMSKeyID      = "secretsmanager:KmsKeyId"     // the secret's KMS key, as set
	KeySSMOverwrite        = "ssm:Overwrite"               // PutParameter's Overwrite
	lowerResourceTagPrefix = "aws:resourcetag/"
)

// ResourceTagKey returns the tag key of a lower-case condition key that
// names a resource tag: "aws:resourcetag/K", or "SERVICE:resourcetag/K"
// when service is not "" (Secrets Manager's secretsmanager:ResourceTag/K).
// The tag key comes back in lower case: resource tags match it without
// regard to case, as AWS matches condition keys.
func ResourceTagKey(lowerKey, service string) (string, bool) {
	if k, ok := strings.CutPrefix(lowerKey, lowerResourceTagPrefix); ok {
		return k, true
	}
	if service != "" {
		if rest, ok := strings.CutPrefix(lowerKey, service); ok {
			return strings.CutPrefix(rest, ":resourcetag/")
		}
	}
	return "", false
}

// RequestTags returns m (a new map when nil) with aws:RequestTag/K for
// every tag a request sets and aws:TagKeys listing their keys.
func RequestTags(m map[string][]string, keys, values []string) map[string][]string {
	if m == nil {
		m = make(map[string][]string, len(keys)+1)
	}
	for i, k := range keys {
		m[KeyRequestTag+k] = []string{values[i]}
	}
	m[KeyTagKeys] = keys
	return m
}
