package secrets

import (
	"bytes"
	"encoding/json"
	"regexp"

	"github.com/arca-vault/arca"
)

// PolicyProblem is one finding of policy validation.
type PolicyProblem struct {
	Check   string
	Message string
}

// The checks that ValidatePolicy reports.
const (
	CheckPublicAccess = "PublicAccess" // an Allow statement any principal can use, with no condition
)

var actionPattern = regexp.MustCompile(`^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$`)

type statement struct {
	Effect       string
	Principal    json.RawMessage
	NotPrincipal json.RawMessage
	Action       json.RawMessage
	NotAction    json.RawMessage
	Resource     json.RawMessage
	NotResource  json.RawMessage
	Condition    json.RawMessage
	public       bool
}

// parsePolicy checks that doc is a resource policy document in the IAM
// policy grammar: an object with Version ("2012-10-17" or "2008-10-17"),
// optional Id, and one or more statements, each with an Effect (Allow or
// Deny), a Principal or NotPrincipal ("*" or an object of AWS, Service,
// Federated, CanonicalUser), an Action or NotAction ("*" or "service:Name",
// wildcards allowed), an optional Resource or NotResource and an optional
// Condition (operator -> key -> values). Errors: EBadPolicy.
func parsePolicy(doc string) ([]statement, error) {
	var top map[string]json.RawMessage
	if err := strictObject([]byte(doc), &top); err != nil {
		return nil, badPolicy("The policy document is not a valid JSON object.")
	}
	for k := range top {
		if k != "Version" && k != "Id" && k != "Statement" {
			return nil, badPolicy("The policy document has an unknown element: " + k + ".")
		}
	}
	if v, ok := top["Version"]; ok {
		var s string
		if json.Unmarshal(v, &s) != nil || (s != "2012-10-17" && s != "2008-10-17") {
			return nil, badPolicy("The policy Version must be 2012-10-17 or 2008-10-17.")
		}
	}
	raws, err := oneOrMany(top["Statement"])
	if err != nil || len(raws) == 0 {
		return nil, badPolicy("The policy document must contain at least one Statement.")
	}
	out := make([]statement, 0, len(raws))
	for _, raw := range raws {
		st, err := parseStatement(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func parseStatement(raw json.RawMessage) (statement, error) {
	var m map[string]json.RawMessage
	var st statement
	if err := strictObject(raw, &m); err != nil {
		return st, badPolicy("Each policy Statement must be a JSON object.")
	}
	for k, v := range m {
		switch k {
		case "Sid":
			var s string
			if json.Unmarshal(v, &s) != nil {
				return st, badPolicy("A statement's Sid must be a string.")
			}
		case "Effect":
			if json.Unmarshal(v, &st.Effect) != nil || (st.Effect != "Allow" && st.Effect != "Deny") {
				return st, badPolicy("A statement's Effect must be Allow or Deny.")
			}
		case "Principal":
			st.Principal = v
		case "NotPrincipal":
			st.NotPrincipal = v
		case "Action":
			st.Action = v
		case "NotAction":
			st.NotAction = v
		case "Resource":
			st.Resource = v
		case "NotResource":
			st.NotResource = v
		case "Condition":
			st.Condition = v
		default:
			return st, badPolicy("A policy statement has an unknown element: " + k + ".")
		}
	}
	if st.Effect == "" {
		return st, badPolicy("Every policy statement needs an Effect.")
	}
	if (st.Action == nil) == (st.NotAction == nil) {
		return st, badPolicy("Every policy statement needs exactly one of Action and NotAction.")
	}
	if (st.Principal == nil) == (st.NotPrincipal == nil) {
		return st, badPolicy("A resource policy statement needs exactly one of Principal and NotPrincipal.")
	}
	if st.Resource != nil && st.NotResource != nil {
		return st, badPolicy("A policy statement can't have both Resource and NotResource.")
	}
	if err := checkStrings(first(st.Action, st.NotAction), "Action", actionPattern); err != nil {
		return st, err
	}
	if r := first(st.Resource, st.NotResource); r != nil {
		if err := checkStrings(r, "Resource", nil); err != nil {
			return st, err
		}
	}
	anyone, err := checkPrincipal(first(st.Principal, st.NotPrincipal))
	if err != nil {
		return st, err
	}
	if st.Condition != nil {
		if err := checkCondition(st.Condition); err != nil {
			return st, err
		}
	}
	st.public = st.Effect == "Allow" && st.Condition == nil && (anyone || st.NotPrincipal != nil)
	return st, nil
}

// checkPrincipal validates a Principal and reports whether it is everyone.
func checkPrincipal(raw json.RawMessage) (anyone bool, err error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s != "*" {
			return false, badPolicy("A Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}.")
		}
		return true, nil
	}
	var m map[string]json.RawMessage
	if strictObject(raw, &m) != nil || len(m) == 0 {
		return false, badPolicy("A Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}.")
	}
	for k, v := range m {
		switch k {
		case "AWS", "Service", "Federated", "CanonicalUser":
		default:
			return false, badPolicy("Unknown principal type " + k + ": use AWS, Service, Federated or CanonicalUser.")
		}
		vals, err := stringsOf(v)
		if err != nil || len(vals) == 0 {
			return false, badPolicy("A principal's value must be a string or a list of strings.")
		}
		for _, p := range vals {
			if p == "*" && k == "AWS" {
				anyone = true
			}
		}
	}
	return anyone, nil
}

func checkCondition(raw json.RawMessage) error {
	var ops map[string]map[string]json.RawMessage
	if json.Unmarshal(raw, &ops) != nil || len(ops) == 0 {
		return badPolicy("A Condition must map operators to objects of condition keys and values.")
	}
	for _, keys := range ops {
		for _, v := range keys {
			var one any
			if json.Unmarshal(v, &one) != nil {
				return badPolicy("A condition value must be a string, number, boolean or a list of them.")
			}
			switch x := one.(type) {
			case string, float64, bool:
			case []any:
				for _, e := range x {
					switch e.(type) {
					case string, float64, bool:
					default:
						return badPolicy("A condition value must be a string, number, boolean or a list of them.")
					}
				}
			default:
				return badPolicy("A condition value must be a string, number, boolean or a list of them.")
			}
		}
	}
	return nil
}

func checkStrings(raw json.RawMessage, what string, re *regexp.Regexp) error {
	vals, err := stringsOf(raw)
	if err != nil || len(vals) == 0 {
		return badPolicy("A statement's " + what + " must be a string or a non-empty list of strings.")
	}
	for _, v := range vals {
		if v == "" || (re != nil && !re.MatchString(v)) {
			return badPolicy("A statement's " + what + " is not valid: " + clipPolicy(v) + ".")
		}
	}
	return nil
}

func stringsOf(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	err := json.Unmarshal(raw, &many)
	return many, err
}

func oneOrMany(raw json.RawMessage) ([]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		return []json.RawMessage{raw}, nil
	}
	var many []json.RawMessage
	err := json.Unmarshal(raw, &many)
	return many, err
}

// strictObject decodes a JSON object and refuses trailing data.
func strictObject(raw []byte, v any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return badPolicy("not an object")
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return badPolicy("trailing data")
	}
	return nil
}

func first(a, b json.RawMessage) json.RawMessage {
	if a != nil {
		return a
	}
	return b
}

func clipPolicy(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

func badPolicy(msg string) error { return arca.Errorf(arca.EBadPolicy, "%s", msg) }
