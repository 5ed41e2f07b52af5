package alert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/audit"
)

// Rule is one alert rule: when Count events that match it fall within
// Window (per principal when GroupBy is "principal"), an alert is raised;
// the same rule and group then stays quiet for one Window.
//
// Every match field is optional; an empty one matches everything.
// Principal and Resource accept '*' as a wildcard for any run of
// characters; Resource is a prefix (of any of the event's resource ARNs, or
// of the secretId/name/keyId it was asked about).
type Rule struct {
	Name            string        `yaml:"name" json:"name"`
	EventName       string        `yaml:"event_name" json:"event_name"`               // e.g. GetSecretValue
	Principal       string        `yaml:"principal" json:"principal"`                 // principal ARN pattern
	Resource        string        `yaml:"resource_prefix" json:"resource_prefix"`     // ARN or name prefix
	ErrorCodePrefix string        `yaml:"error_code_prefix" json:"error_code_prefix"` // e.g. AccessDenied
	Count           int           `yaml:"count" json:"count"`                         // events in Window that raise the alert
	Window          time.Duration `yaml:"window" json:"window"`
	GroupBy         string        `yaml:"group_by" json:"group_by"` // "" or "principal"
}

// Validate reports a rule that cannot work.
func (r *Rule) Validate() error {
	switch {
	case r.Name == "":
		return fmt.Errorf("alert rule: a name is required")
	case r.Count < 1:
		return fmt.Errorf("alert rule %s: count must be at least 1", r.Name)
	case r.Window <= 0:
		return fmt.Errorf("alert rule %s: window must be positive (e.g. 5m)", r.Name)
	case r.GroupBy != "" && r.GroupBy != "principal":
		return fmt.Errorf("alert rule %s: group_by must be empty or \"principal\", not %q", r.Name, r.GroupBy)
	}
	return nil
}

// Match reports whether ev matches the rule's pattern.
func (r *Rule) Match(ev *audit.Event) bool {
	if r.EventName != "" && r.EventName != ev.EventName {
		return false
	}
	if r.ErrorCodePrefix != "" && !strings.HasPrefix(ev.ErrorCode, r.ErrorCodePrefix) {
		return false
	}
	if r.Principal != "" && !glob(r.Principal, ev.UserIdentity.ARN) {
		return false
	}
	if r.Resource != "" && !r.matchResource(ev) {
		return false
	}
	return true
}

func (r *Rule) matchResource(ev *audit.Event) bool {
	p := r.Resource + "*"
	for _, res := range ev.Resources {
		if glob(p, res.ARN) {
			return true
		}
	}
	var req map[string]any
	if len(ev.RequestParameters) > 0 && json.Unmarshal(ev.RequestParameters, &req) == nil {
		for _, k := range []string{"secretId", "name", "keyId"} {
			if s, ok := req[k].(string); ok && glob(p, s) {
				return true
			}
		}
	}
	return false
}

// glob matches s against p, where '*' matches any run of characters.
func glob(p, s string) bool {
	head, rest, star := strings.Cut(p, "*")
	if !star {
		return p == s
	}
	if !strings.HasPrefix(s, head) {
		return false
	}
	s = s[len(head):]
	for {
		if glob(rest, s) {
			return true
		}
		if s == "" {
			return false
		}
		s = s[1:]
	}
}

// ParseRules reads rules from YAML or JSON: a list of Rule, with windows
// written as Go durations ("5m", "1h"). Unknown keys are errors.
func ParseRules(data []byte) ([]Rule, error) {
	var raw []map[string]any
	if err := unmarshalStrict(data, &raw); err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	rules := make([]Rule, 0, len(raw))
	for i, m := range raw {
		var r Rule
		for k, v := range m {
			s := fmt.Sprint(v)
			switch k {
			case "name":
				r.Name = s
			case "event_name":
				r.EventName = s
			case "principal":
				r.Principal = s
			case "resource_prefix":
				r.Resource = s
			case "error_code_prefix":
				r.ErrorCodePrefix = s
			case "group_by":
				r.GroupBy = s
			case "count":
				n, ok := v.(int)
				if !ok {
					return nil, fmt.Errorf("alert rule %d: count must be an integer", i+1)
				}
				r.Count = n
			case "window":
				d, err := time.ParseDuration(s)
				if err != nil {
					return nil, fmt.Errorf("alert rule %d: window: %w", i+1, err)
				}
				r.Window = d
			default:
				return nil, fmt.Errorf("alert rule %d: unknown key %q", i+1, k)
			}
		}
		if err := r.Validate(); err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	return rules, nil
}
