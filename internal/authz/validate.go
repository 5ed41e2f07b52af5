package authz

import (
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
)

// stringList reads an element that is a string or a non-empty array of
// strings.
func stringList(n *node, field string) ([]string, *PolicyError) {
	switch n.kind {
	case 's':
		return []string{n.str}, nil
	case 'a':
		if len(n.items) == 0 {
			return nil, perr(field, n.line, "must not be an empty list")
		}
		out := make([]string, len(n.items))
		for i, it := range n.items {
			if it.kind != 's' {
				return nil, perr(item(field, i, true), it.line, "must be a string")
			}
			out[i] = it.str
		}
		return out, nil
	}
	return nil, perr(field, n.line, "must be a string or a list of strings")
}

// item returns the path of value i of element field ("field[i]" for a
// list, "field" for a lone string).
func item(field string, i int, list bool) string {
	if !list {
		return field
	}
	return field + "[" + strconv.Itoa(i) + "]"
}

// checkAction validates an Action or NotAction value: "*" or
// "service:action", wildcards allowed in both parts; a trust policy allows
// only sts actions.
func checkAction(a string, kind Kind) string {
	if a == "*" {
		if kind == Trust {
			return "a trust policy may only allow or deny sts actions"
		}
		return ""
	}
	svc, name, ok := strings.Cut(a, ":")
	if !ok || svc == "" || name == "" || !actionChars(svc, false) || !actionChars(name, true) {
		return "must be \"*\" or of the form service:action, e.g. \"ssm:GetParameter\", got " + quote(a)
	}
	if kind == Trust && !strings.EqualFold(svc, "sts") {
		return "a trust policy may only allow or deny sts actions, got " + quote(a)
	}
	return ""
}

func actionChars(s string, name bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '?', c == '-':
		case name && c == '_':
		default:
			return false
		}
	}
	return true
}

// checkResource validates a Resource or NotResource value: "*" or an ARN
// (six colon-separated fields; wildcards and policy variables allowed).
func checkResource(toks []token, raw string) string {
	if raw == "*" {
		return ""
	}
	colons := 0
	for _, t := range toks {
		if t.kind == tLit {
			colons += strings.Count(t.lit, ":")
		}
	}
	if !strings.HasPrefix(raw, "arn:") || colons < 5 {
		return "must be \"*\" or an ARN (arn:partition:service:region:account:resource), got " + quote(raw)
	}
	return ""
}

// checkAWSPrincipal validates a value of a principal's "AWS" list: "*", an
// account id, or the ARN of an account, user, role, session or federated
// user, without wildcards.
func checkAWSPrincipal(v string) string {
	if v == "*" || isAccountID(v) {
		return ""
	}
	a, ok := arca.ParseARN(v)
	if !ok || (a.Service != "iam" && a.Service != "sts") || !isAccountID(a.Account) || a.Resource == "" {
		return "must be \"*\", an account id or an IAM or STS principal ARN, got " + quote(v)
	}
	if strings.ContainsAny(v, "*?") {
		return "a principal ARN cannot contain wildcards; use \"*\" with a condition on aws:PrincipalArn"
	}
	return ""
}

// checkSid validates a Sid: IAM documents allow only ASCII letters and
// digits; resource and key policies any string.
func checkSid(sid string, kind Kind) string {
	if kind == Resource || kind == KeyPolicy {
		return ""
	}
	for i := 0; i < len(sid); i++ {
		c := sid[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "may contain only ASCII letters and digits, got " + quote(sid)
		}
	}
	return ""
}

// checkConditionKey validates a condition key: "prefix:name".
func checkConditionKey(k string) string {
	pre, name, ok := strings.Cut(k, ":")
	if !ok || pre == "" || name == "" || strings.ContainsAny(k, " \t\n${}") {
		return "must be a condition key of the form prefix:name, e.g. \"aws:SourceIp\", got " + quote(k)
	}
	return ""
}

// nonSpaceLen counts the characters of doc that are not white space, as
// IAM measures policy size.
func nonSpaceLen(doc []byte) int {
	n := 0
	for _, r := range string(doc) {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}
