package alert

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/audit"
	"github.com/arca-vault/arca/internal/authz"
)

// Rule is one alert rule: when Count events that match it fall within
// Window (per principal when GroupBy is "principal"), an alert is raised;
// the same rule and group then stays quiet for one Window.
//
// Every match field is optional; an empty one matches everything.
// Principal and Resource take IAM's wildcards ('*' any run of characters,
// '?' one), matched by the policy engine's matcher; Resource is a prefix (of
// any of the event's resource ARNs, or of the secretId/name/keyId it was
// asked about).
type Rule struct {
	Name            string        `yaml:"name" json:"name"`
	EventName       string        `yaml:"event_name" json:"event_name"`               // e.g. GetSecretValue
	Principal       string        `yaml:"principal" json:"principal"`                 // principal ARN pattern
	Resource        string        `yaml:"resource_prefix" json:"resource_prefix"`     // ARN or name prefix
	ErrorCodePrefix string        `yaml:"error_code_prefix" json:"error_code_prefix"` // e.g. AccessDenied
	Count           int           `yaml:"count" json:"count"`                         // events in Window that raise the alert
	Window          time.Duration `yaml:"window" json:"window"`
	GroupBy         string        `yaml:"group_by" json:"group_by"` // "" or "principal"

	principal, resource *authz.Glob // compiled by compile; nil until then
}

// compile compiles the wildcard fields once, so that matching allocates
// nothing.
func (r *Rule) compile() {
	if r.Principal != "" {
		g := authz.CompileGlob(r.Principal)
		r.principal = &g
	}
	if r.Resource != "" {
		g := authz.CompileGlob(r.Resource + "*")
		r.resource = &g
	}
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
	if (r.Principal != "" && r.principal == nil) || (r.Resource != "" && r.resource == nil) {
		c := *r
		c.compile()
		r = &c
	}
	if r.EventName != "" && r.EventName != ev.EventName {
		return false
	}
	if r.ErrorCodePrefix != "" && !strings.HasPrefix(ev.ErrorCode, r.ErrorCodePrefix) {
		return false
	}
	if r.principal != nil && !r.principal.Match(ev.UserIdentity.ARN) {
		return false
	}
	if r.resource != nil && !r.matchResource(ev) {
		return false
	}
	return true
}

func (r *Rule) matchResource(ev *audit.Event) bool {
	for _, res := range ev.Resources {
		if r.resource.Match(res.ARN) {
			return true
		}
	}
	var req map[string]any
	if len(ev.RequestParameters) > 0 && json.Unmarshal(ev.RequestParameters, &req) == nil {
		for _, k := range []string{"secretId", "name", "keyId"} {
			if s, ok := req[k].(string); ok && r.resource.Match(s) {
				return true
			}
		}
	}
	return false
}

// ParseRules reads rules from YAML or JSON: a list of Rule, with windows
// written as Go durations ("5m", "1h"). Unknown keys are errors.
func ParseRules(data []byte) ([]Rule, error) {
	var rules []Rule
	if err := unmarshalStrict(data, &rules); err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	for i := range rules {
		if err := rules[i].Validate(); err != nil {
			return nil, err
		}
	}
	return rules, nil
}
