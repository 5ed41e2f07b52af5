package redact

import (
	"bytes"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// Members lists the secret member names, lower-cased. It holds every
// member whose shape is "sensitive": true in the botocore models of SSM,
// Secrets Manager, KMS, IAM and STS (TestMembers_botocore checks it), and
// the names arca itself treats as secret. Over-redaction is harmless
// (e.g. SSM marks maintenance-window Description sensitive); a missing
// name leaks.
var Members = map[string]bool{
	// SSM
	"configuration": true, "description": true, "ipaddress": true, "input": true,
	"ownerinformation": true, "parameters": true, "payload": true, "secretaccesskey": true,
	"sessiontoken": true, "taskparameters": true, "value": true, "values": true,
	// Secrets Manager
	"randompassword": true, "rotationtoken": true, "secretbinary": true, "secretstring": true,
	// KMS
	"accesskeyid": true, "keystorepassword": true, "message": true, "plaintext": true,
	"privatekeyplaintext": true, "publickey": true, "rawsecretaccesskey": true, "sharedsecret": true,
	// IAM
	"addprivatekey": true, "base32stringseed": true, "newpassword": true, "oldpassword": true,
	"password": true, "privatekey": true, "qrcodepng": true, "servicecredentialsecret": true,
	"servicepassword": true,
	// STS
	"samlassertion": true, "tradeintoken": true, "webidentitytoken": true,
	// arca: credentials and key material in any dialect
	"secret": true, "secretkey": true, "token": true, "clientsecret": true,
	"ciphertextblob": true, "ciphertextforrecipient": true, "keymaterial": true,
}

// Sensitive reports whether the member name is a secret one.
func Sensitive(name string) bool { return Members[strings.ToLower(name)] }

// JSON returns body with every secret member removed, recursively, and
// member names in lowerCamel form. An empty, null or unparsable body gives
// nil (the event's "requestParameters": null): a body that cannot be
// parsed cannot be redacted, so none of it is kept.
//
// Only the first value of body is read; what follows it is ignored, as
// json.Decoder does. Member names that collide once in lowerCamel form
// keep the last member.
func JSON(body []byte) json.RawMessage {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		return nil
	}
	r := redactor{in: body, out: make([]byte, 0, min(len(body), 4096))}
	if !r.value(true, 0) {
		return nil
	}
	return r.out
}

// Any marshals v to JSON and redacts it as JSON does.
func Any(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return JSON(raw)
}

// Value returns a copy of a decoded JSON value (maps, slices, scalars)
// without secret members and with lowerCamel member names.
func Value(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			if Sensitive(k) {
				continue
			}
			out[LowerCamel(k)] = Value(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = Value(x)
		}
		return out
	}
	return v
}

// Form returns an AWS Query form as a JSON object: Action and Version
// dropped, every key with a secret part ("Password",
// "Tags.member.1.Value") dropped, keys in lowerCamel form. Repeated keys
// keep their first value.
func Form(form url.Values) json.RawMessage {
	out := map[string]any{}
	keys := make([]string, 0, len(form))
	for k := range form {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "Action" || k == "Version" || len(form[k]) == 0 {
			continue
		}
		parts := strings.Split(k, ".")
		secret := false
		for i, p := range parts {
			if Sensitive(p) {
				secret = true
				break
			}
			parts[i] = LowerCamel(p)
		}
		if !secret {
			out[strings.Join(parts, ".")] = form[k][0]
		}
	}
	if len(out) == 0 {
		return nil
	}
	return marshal(out)
}

func marshal(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return raw
}

// LowerCamel turns an AWS member name into CloudTrail's form: the leading
// upper-case run is lowered, but for its last letter when a lower-case one
// follows ("SecretId" → "secretId", "KMSKeyId" → "kmsKeyId", "ARN" → "arn").
func LowerCamel(s string) string {
	r := []rune(s)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	switch {
	case n == 0:
		return s
	case n == 1 || n == len(r):
	default:
		if unicode.IsLower(r[n]) {
			n--
		}
	}
	for i := 0; i < n; i++ {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}
