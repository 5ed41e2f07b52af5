package inject

import "regexp"

// Kind says where a variable's value comes from.
type Kind int

// The kinds of variable.
const (
	// KindLookup is a vars.yaml variable with no source: the SSM parameter
	// <namespace>/<service>/<NAME>, or for a sensitive variable first key
	// NAME of the JSON secret <namespace>/<service>/secrets.
	KindLookup Kind = iota
	// KindLocal comes from the bootstrap env files or the process
	// environment; nothing is fetched.
	KindLocal
	// KindLiteral is a value given by the source itself (an ECS
	// environment entry, a parameter read by path).
	KindLiteral
	// KindParameter is one SSM parameter, by name or ARN.
	KindParameter
	// KindSecret is a Secrets Manager secret, whole or one JSON key.
	KindSecret
	// KindCompose is a template over other variables, resolved once they
	// are.
	KindCompose
)

// Var is one declared variable, whichever source declared it.
type Var struct {
	// Name is the environment variable's name.
	Name string
	// Kind says which of the fields below apply.
	Kind Kind
	// Origin says where the variable was declared, for messages:
	// "vars.yaml:12", "taskdef.json container api secrets[0]".
	Origin string

	// Required variables that do not resolve stop everything.
	Required bool
	// HasDefault and Default give the value used when nothing is found.
	HasDefault bool
	Default    string
	// Sensitive values are never printed unless asked for.
	Sensitive bool
	// Containers, when not empty, limits the variable to these containers.
	Containers []string

	// Literal is the value of a KindLiteral variable.
	Literal string
	// Version is the version a KindLiteral value was read at, if any.
	Version string
	// Parameter names the SSM parameter of a KindParameter variable.
	Parameter ParamRef
	// Secret describes a KindSecret variable.
	Secret SecretSpec
	// Template and Encode describe a KindCompose variable: ${NAME}
	// references, and the names whose values are URL-encoded first.
	Template string
	Encode   []string
}

// SecretSpec says which secret a KindSecret variable reads and what of it.
type SecretSpec struct {
	// ID is the secret's name or ARN; empty when ArnFrom is used.
	ID string
	// ArnFrom names the variable whose value is the secret's ID.
	ArnFrom string
	// Region is the region to ask (empty: the default, or the ARN's).
	Region string
	// JSON means the value is key Key of the JSON object stored.
	JSON bool
	Key  string
	// Stage and VersionID select a version (empty: AWSCURRENT).
	Stage     string
	VersionID string
}

// ParamRef names an SSM parameter in a region (empty: the default region).
type ParamRef struct {
	Region string
	Name   string
}

// SecretRef names one version of a Secrets Manager secret in a region.
type SecretRef struct {
	Region    string
	ID        string
	Stage     string
	VersionID string
}

// String names the secret for messages (never a value).
func (r SecretRef) String() string {
	s := r.ID
	if r.Stage != "" {
		s += " (stage " + r.Stage + ")"
	}
	if r.VersionID != "" {
		s += " (version " + r.VersionID + ")"
	}
	return s
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ValidName reports whether name can be an environment variable's name:
// a letter or underscore, then letters, digits and underscores.
func ValidName(name string) bool { return envName.MatchString(name) }

// inContainer reports whether v applies to container (an empty container
// applies every variable).
func (v *Var) inContainer(container string) bool {
	if container == "" || len(v.Containers) == 0 {
		return true
	}
	for _, c := range v.Containers {
		if c == container {
			return true
		}
	}
	return false
}

// Merge combines the variables of several sources in order: when two
// sources declare the same name the later declaration replaces the earlier
// one, in the earlier one's position.
func Merge(sources ...[]Var) []Var {
	var out []Var
	at := map[string]int{}
	for _, src := range sources {
		for _, v := range src {
			if i, ok := at[v.Name]; ok {
				out[i] = v
				continue
			}
			at[v.Name] = len(out)
			out = append(out, v)
		}
	}
	return out
}

// Filter returns the variables that apply to container (all of them when
// container is empty).
func Filter(vars []Var, container string) []Var {
	var out []Var
	for i := range vars {
		if vars[i].inContainer(container) {
			out = append(out, vars[i])
		}
	}
	return out
}
