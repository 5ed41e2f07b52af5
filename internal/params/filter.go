package params

import (
	"regexp"
	"strings"

	"github.com/arca-vault/arca"
)

// Filter narrows a listing, as SSM's ParameterStringFilter does. Option
// defaults to "Equals" ("OneLevel" for Path).
type Filter struct {
	Key    string
	Option string
	Values []string
}

// Where a filter is used decides which keys are allowed.
type filterUse int

const (
	useByPath filterUse = iota
	useDescribe
)

var filterKeyPattern = regexp.MustCompile(`^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$`)

type matcher struct {
	filters []Filter
	path    string // describe: a single Path filter narrows the scan
	recurse bool
}

func compileFilters(fs []Filter, use filterUse) (*matcher, error) {
	m := &matcher{}
	seen := map[string]bool{}
	for _, f := range fs {
		if !filterKeyPattern.MatchString(f.Key) {
			return nil, arca.Errorf(arca.EBadFilter, "The following filter key is not valid: %s. Valid filter keys include: [Path, Name, Type, KeyId, Tier, Label, DataType, tag:].", f.Key)
		}
		if seen[f.Key] {
			return nil, arca.Errorf(arca.EBadFilter, "The following filter is duplicated in the request: %s. A request can contain only one occurrence of a specific filter.", f.Key)
		}
		seen[f.Key] = true
		tag := strings.HasPrefix(f.Key, "tag:")
		switch {
		case use == useByPath && (tag || f.Key == "DataType" || f.Key == "Name" || f.Key == "Path" || f.Key == "Tier"):
			return nil, arca.Errorf(arca.EBadFilter, "The following filter key is not valid: %s. Valid filter keys include: [Type, KeyId, Label].", f.Key)
		case use == useDescribe && f.Key == "Label":
			return nil, arca.Errorf(arca.EBadFilter, "The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier, DataType, tag:].")
		}
		opt := f.Option
		switch {
		case f.Key == "Path":
			if opt == "" {
				opt = "OneLevel"
			}
			if opt != "OneLevel" && opt != "Recursive" {
				return nil, badOption(f.Key, opt, "Recursive, OneLevel")
			}
		case f.Key == "Label":
			if opt == "" {
				opt = "Equals"
			}
			if opt != "Equals" {
				return nil, badOption(f.Key, opt, "Equals")
			}
		case f.Key == "Name" && opt == "Contains":
		default:
			if opt == "" {
				opt = "Equals"
			}
			if opt != "Equals" && opt != "BeginsWith" {
				return nil, badOption(f.Key, opt, "Equals, BeginsWith")
			}
		}
		if len(f.Values) == 0 && !tag {
			return nil, arca.Errorf(arca.EBadFilterValue, "The following filter values are missing : null for filter key %s.", f.Key)
		}
		for _, v := range f.Values {
			if err := checkFilterValue(f.Key, v); err != nil {
				return nil, err
			}
		}
		f.Option = opt
		switch f.Key {
		case "Path":
			if len(f.Values) == 1 {
				m.path, m.recurse = strings.TrimSuffix(f.Values[0], "/"), opt == "Recursive"
			}
		}
		m.filters = append(m.filters, f)
	}
	return m, nil
}

func badOption(key, opt, valid string) error {
	return arca.Errorf(arca.EBadFilterOption, "The following filter option is not valid: %s. Valid options include: [%s].", opt, valid)
}

func checkFilterValue(key, v string) error {
	switch key {
	case "Type":
		if v != TypeString && v != TypeStringList && v != TypeSecureString {
			return arca.Errorf(arca.EBadFilterValue, "The following filter value is not valid: %s. Valid values include: [String, StringList, SecureString].", v)
		}
	case "Tier":
		if v != TierStandard && v != TierAdvanced && v != TierIntelligent {
			return arca.Errorf(arca.EBadFilterValue, "The following filter value is not valid: %s. Valid values include: [Standard, Advanced, Intelligent-Tiering].", v)
		}
	case "Path":
		if !strings.HasPrefix(v, "/") {
			return arca.Errorf(arca.EBadFilterValue, "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".")
		}
	}
	return nil
}

// match reports whether a parameter passes every filter, and for a Label
// filter which version it stands for (0 = the latest).
func (m *matcher) match(r *record) (bool, int64) {
	var version int64
	for _, f := range m.filters {
		switch {
		case f.Key == "Label":
			found := false
			for _, l := range f.Values {
				if v, ok := r.Labels[l]; ok {
					found, version = true, v
					break
				}
			}
			if !found {
				return false, 0
			}
		case f.Key == "Path":
			if !anyValue(f.Values, func(p string) bool { return underPath(r.Name, p, f.Option == "Recursive") }) {
				return false, 0
			}
		case strings.HasPrefix(f.Key, "tag:"):
			key := strings.TrimPrefix(f.Key, "tag:")
			ok := false
			for _, t := range r.Tags {
				if t.Key == key && (len(f.Values) == 0 || anyValue(f.Values, func(v string) bool { return compare(f.Option, t.Value, v) })) {
					ok = true
				}
			}
			if !ok {
				return false, 0
			}
		case f.Key == "Name" && f.Option != "Contains":
			// Either spelling of a root-level name matches it.
			got := slashed(r.Name)
			if !anyValue(f.Values, func(v string) bool { return compare(f.Option, got, slashed(v)) }) {
				return false, 0
			}
		default:
			got := fieldOf(r, f.Key)
			if !anyValue(f.Values, func(v string) bool { return compare(f.Option, got, v) }) {
				return false, 0
			}
		}
	}
	return true, version
}

func fieldOf(r *record, key string) string {
	switch key {
	case "Name":
		return r.Name
	case "Type":
		return r.Latest.Type
	case "KeyId":
		return r.Latest.KeyID
	case "Tier":
		return r.Latest.Tier
	case "DataType":
		return r.Latest.DataType
	}
	return ""
}

func compare(option, got, want string) bool {
	switch option {
	case "BeginsWith":
		return strings.HasPrefix(got, want)
	case "Contains":
		return strings.Contains(got, want)
	}
	return got == want
}

func anyValue(vs []string, f func(string) bool) bool {
	for _, v := range vs {
		if f(v) {
			return true
		}
	}
	return false
}

// underPath reports whether name lies under path: directly, or at any
// depth when recursive.
func underPath(name, path string, recursive bool) bool {
	name = slashed(name)
	path = strings.TrimSuffix(path, "/")
	if !strings.HasPrefix(name, path+"/") {
		return false
	}
	return recursive || !strings.Contains(name[len(path)+1:], "/")
}

// slashed returns name with a leading slash, the form in which root-level
// names without one are matched against paths and name filters.
func slashed(name string) string {
	if strings.HasPrefix(name, "/") {
		return name
	}
	return "/" + name
}
