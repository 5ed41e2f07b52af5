package sigv4

import "strings"

// Algorithm is the only signing algorithm Verify accepts.
const Algorithm = "AWS4-HMAC-SHA256"

const terminator = "aws4_request"

// Authorization is a parsed SigV4 Authorization header:
//
//	AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>
type Authorization struct {
	// AccessKeyID is the key id, the first part of the Credential.
	AccessKeyID string
	// Scope is the credential scope, "Date/Region/Service/aws4_request".
	Scope   string
	Date    string // YYYYMMDD, from the scope
	Region  string // from the scope
	Service string // from the scope
	// SignedHeaders is the client's list as sent: lowercase header names,
	// sorted, separated by ';'. It always contains "host".
	SignedHeaders string
	// Signature is the client's signature as sent, normally 64 hex digits.
	// ParseAuthorization does not check its form; a malformed one simply
	// fails to match.
	Signature string
}

// ParseAuthorization parses the value of an Authorization header. The
// parameters may come in any order, separated by commas and optional spaces.
// It checks the algorithm, that each of Credential, SignedHeaders and
// Signature appears exactly once, the form of the credential scope, that
// SignedHeaders is sorted without repeats and that host is among them. Every
// error is an *Error of kind ErrIncomplete.
func ParseAuthorization(h string) (*Authorization, error) {
	a := new(Authorization)
	if err := a.parse(h); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Authorization) parse(h string) *Error {
	alg, params, _ := strings.Cut(strings.TrimSpace(h), " ")
	if alg != Algorithm {
		return fail(ErrIncomplete, "Unsupported AWS 'algorithm': '"+clip(alg)+"'. Only '"+Algorithm+"' is supported.")
	}
	var cred string
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ",")
		param = strings.TrimSpace(param)
		key, value, ok := strings.Cut(param, "=")
		var dst *string
		switch key {
		case "Credential":
			dst = &cred
		case "SignedHeaders":
			dst = &a.SignedHeaders
		case "Signature":
			dst = &a.Signature
		}
		switch {
		case !ok:
			return fail(ErrIncomplete, "'"+clip(param)+"' not a valid key=value pair (missing equal-sign) in Authorization header.")
		case dst == nil:
			return fail(ErrIncomplete, "'"+clip(key)+"' is not a valid parameter of the Authorization header.")
		case *dst != "":
			return fail(ErrIncomplete, "Authorization header has more than one '"+key+"' parameter.")
		}
		*dst = value
	}
	var missing string
	for _, p := range [...]struct{ name, value string }{
		{"Credential", cred}, {"Signature", a.Signature}, {"SignedHeaders", a.SignedHeaders},
	} {
		if p.value == "" {
			missing += "Authorization header requires '" + p.name + "' parameter. "
		}
	}
	if missing != "" {
		return fail(ErrIncomplete, strings.TrimSuffix(missing, " "))
	}
	if err := a.parseCredential(cred); err != nil {
		return err
	}
	return checkSignedHeaders(a.SignedHeaders)
}

// parseCredential splits AKID/YYYYMMDD/region/service/aws4_request.
func (a *Authorization) parseCredential(cred string) *Error {
	akid, scope, _ := strings.Cut(cred, "/")
	date, rest, _ := strings.Cut(scope, "/")
	region, rest, _ := strings.Cut(rest, "/")
	service, term, _ := strings.Cut(rest, "/")
	switch {
	case akid == "":
		return fail(ErrIncomplete, "Credential must have the form '<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request'.")
	case !isDate(date):
		return fail(ErrIncomplete, "Invalid credential date. Date is not the required format: yyyyMMdd.")
	case region == "":
		return fail(ErrIncomplete, "Credential should be scoped to a valid region.")
	case service == "":
		return fail(ErrIncomplete, "Credential should be scoped to a valid service.")
	case term != terminator:
		return fail(ErrIncomplete, "Credential should be scoped with a valid terminator: '"+terminator+"', not '"+clip(term)+"'.")
	}
	a.AccessKeyID, a.Scope, a.Date, a.Region, a.Service = akid, scope, date, region, service
	return nil
}

// checkSignedHeaders checks a SignedHeaders list: header names separated by
// ';', sorted and without repeats (as every SDK sends them, and so that a
// repeated name cannot blow up the canonical request), host among them.
func checkSignedHeaders(list string) *Error {
	host, prev := false, ""
	for rest := list; ; {
		name, more, found := strings.Cut(rest, ";")
		if name == "" || name <= prev || strings.ContainsAny(name, " \t") {
			return fail(ErrIncomplete, "SignedHeaders must be a sorted list of distinct header names separated by ';', not '"+clip(list)+"'.")
		}
		host = host || name == "host"
		if !found {
			break
		}
		rest, prev = more, name
	}
	if !host {
		return fail(ErrIncomplete, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return nil
}

// isDate reports whether s is 8 ASCII digits (YYYYMMDD).
func isDate(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
