package awskms

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/wire/awsjson"
)

// The model's patterns.
var (
	aliasNamePattern  = regexp.MustCompile(`^[a-zA-Z0-9:/_-]+$`)
	markerPattern     = regexp.MustCompile(`^[\x{0020}-\x{00FF}]*$`)
	policyPattern     = regexp.MustCompile(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{00FF}]+$`)
	policyNamePattern = regexp.MustCompile(`^[\w]+$`)
)

// required checks a required string member against [min, max] and returns
// its value ("" when absent).
func required(v *awsjson.Validator, member string, s *string, min, max int) string {
	v.Required(member, s != nil)
	if s == nil {
		return ""
	}
	v.Len(member, *s, min, max)
	return *s
}

// optional checks an optional string member against [min, max].
func optional(v *awsjson.Validator, member string, s *string, min, max int) string {
	if s == nil {
		return ""
	}
	v.Len(member, *s, min, max)
	return *s
}

// keyID checks a required KeyIdType member.
func keyID(v *awsjson.Validator, member string, s *string) string {
	return required(v, member, s, 1, 2048)
}

// limit checks a LimitType member and returns it as a page size (0: def).
func limit(v *awsjson.Validator, n *int64, def int) int {
	v.Range("limit", n, 1, 1000)
	if n == nil || *n < 1 || *n > 1000 {
		return def
	}
	return int(*n)
}

// marker checks a MarkerType member.
func marker(v *awsjson.Validator, s *string) string {
	m := optional(v, "marker", s, 1, 1024)
	v.Pattern("marker", m, markerPattern)
	return m
}

// grantTokens checks a GrantTokenList. arca has no grants yet: the tokens
// are accepted and carry no permission.
func grantTokens(v *awsjson.Validator, tokens []string) {
	v.Count("grantTokens", len(tokens), 0, 10)
	for i, t := range tokens {
		v.Len("grantTokens."+strconv.Itoa(i+1)+".member", t, 1, 8192)
	}
}

var algorithms = []string{"SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"}

// algorithm checks an EncryptionAlgorithmSpec member.
func algorithm(v *awsjson.Validator, member, alg string) {
	v.Enum(member, alg, algorithms...)
}

// symmetricOnly refuses an asymmetric algorithm: every arca key is a
// symmetric encryption key.
func symmetricOnly(alg string) error {
	if alg != "" && alg != "SYMMETRIC_DEFAULT" {
		return fault("InvalidKeyUsageException", "The encryption algorithm "+alg+" is not valid for a symmetric encryption KMS key; use SYMMETRIC_DEFAULT.")
	}
	return nil
}

// checkARN answers InvalidArnException for a key reference that is an ARN
// but not a KMS key or alias ARN.
func checkARN(ref string) error {
	if !strings.HasPrefix(ref, "arn:") {
		return nil
	}
	a, ok := arca.ParseARN(ref)
	if ok && a.Service == "kms" && (strings.HasPrefix(a.Resource, "key/") || strings.HasPrefix(a.Resource, "alias/")) {
		return nil
	}
	return fault("InvalidArnException", "Invalid arn "+ref)
}

// validate returns the validator's violations, or an InvalidArnException for
// the first malformed ARN among refs.
func validate(v *awsjson.Validator, refs ...string) error {
	if err := v.Err(); err != nil {
		return err
	}
	for _, r := range refs {
		if err := checkARN(r); err != nil {
			return err
		}
	}
	return nil
}

// dryRun is the answer to a cryptographic operation that would have
// succeeded but was asked to be a dry run.
func dryRun() error {
	return &awsjson.Fault{Status: http.StatusPreconditionFailed, Code: "DryRunOperationException", Message: "The request would have succeeded, but the DryRun option is set."}
}

// unsupportedRecipient refuses a Nitro Enclaves recipient.
func unsupportedRecipient(present bool) error {
	if present {
		return fault("UnsupportedOperationException", "arca does not support Recipient: there is no Nitro Enclaves attestation.")
	}
	return nil
}
