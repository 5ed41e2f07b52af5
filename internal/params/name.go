package params

import (
	"strconv"
	"strings"

	"github.com/arca-vault/arca"
)

// ARN returns the ARN of parameter name in region and account, formed as AWS
// forms it: a hierarchical name keeps its leading slash as the separator.
func ARN(region, account, name string) string {
	if strings.HasPrefix(name, "/") {
		return arca.ARN("ssm", region, account, "parameter"+name, false)
	}
	return arca.ARN("ssm", region, account, "parameter/"+name, false)
}

// ValidateName checks a parameter name against the naming rules, and the
// full ARN length limit of 1011 characters. Errors: EInvalid, ELimit for more
// than MaxHierarchyLevels levels.
func ValidateName(region, account, name string) error {
	if name == "" {
		return arca.Errorf(arca.EInvalid, "Parameter name must not be empty.")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == '/') {
			return arca.Errorf(arca.EInvalid, "Parameter name: can't contain %q. Names can include only a-zA-Z0-9_.- and / to delineate hierarchies.", string(rune(c)))
		}
	}
	leaf := strings.TrimPrefix(name, "/")
	if l := strings.ToLower(leaf); strings.HasPrefix(l, "aws") || strings.HasPrefix(l, "ssm") {
		return arca.Errorf(arca.EInvalid, "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).")
	}
	if strings.Contains(name, "/") {
		if !strings.HasPrefix(name, "/") {
			return arca.Errorf(arca.EInvalid, "Parameter name must be a fully qualified name: a name with a hierarchy must begin with a forward slash (/).")
		}
		if strings.HasSuffix(name, "/") || strings.Contains(name, "//") {
			return arca.Errorf(arca.EInvalid, "Parameter name must not end with a slash or contain an empty level.")
		}
		if strings.Count(name, "/") > MaxHierarchyLevels {
			return arca.Errorf(arca.ELimit, "A hierarchy can have a maximum of %d levels.", MaxHierarchyLevels)
		}
	}
	if n := len(ARN(region, account, name)); n > 1011 {
		return arca.Errorf(arca.EInvalid, "Parameter name, including its ARN, is %d characters; the maximum is 1011.", n)
	}
	return nil
}

// selector is a parsed "name", "name:version" or "name:label" reference.
type selector struct {
	name    string
	version int64  // > 0 when a version was named
	label   string // when a label was named
	raw     string // ":3" or ":label", for Parameter.Selector
	arn     *arca.ParsedARN
}

// foreign reports whether the reference is an ARN of another partition,
// region or account than the caller's: such a parameter is not in the
// caller's store, however its name reads.
func (s selector) foreign(c *arca.Caller) bool {
	return s.arn != nil && (s.arn.Partition != arca.Partition(c.Region) || s.arn.Region != c.Region || s.arn.Account != c.Account)
}

// parseRef splits a parameter reference: a name or ARN, optionally followed
// by ":version" or ":label".
func parseRef(ref string) (selector, error) {
	var s selector
	name := ref
	if a, ok := arca.ParseARN(ref); ok {
		if a.Service != "ssm" || !strings.HasPrefix(a.Resource, "parameter/") {
			return s, arca.Errorf(arca.EInvalid, "%s is not a parameter ARN.", ref)
		}
		s.arn = &a
		name = strings.TrimPrefix(a.Resource, "parameter")
		if !strings.Contains(name[1:], "/") {
			// "parameter/foo" names both "foo" and "/foo"; AWS treats
			// a single-level ARN as the name without a slash.
			name = name[1:]
		}
	}
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		sel := name[i+1:]
		s.raw = name[i:]
		name = name[:i]
		if sel == "" {
			return s, arca.Errorf(arca.EInvalid, "Parameter selector must not be empty.")
		}
		if n, err := strconv.ParseInt(sel, 10, 64); err == nil {
			if n < 1 {
				return s, arca.Errorf(arca.EInvalid, "Parameter version must be a positive number.")
			}
			s.version = n
		} else {
			s.label = sel
		}
	}
	s.name = name
	return s, nil
}

// ValidLabel reports whether l may be used as a label: at most 100
// characters of letters, digits, '.', '-', '_', not starting with a digit,
// "aws" or "ssm" (case-insensitive).
func ValidLabel(l string) bool {
	if l == "" || len(l) > 100 || (l[0] >= '0' && l[0] <= '9') {
		return false
	}
	if low := strings.ToLower(l); strings.HasPrefix(low, "aws") || strings.HasPrefix(low, "ssm") {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}
