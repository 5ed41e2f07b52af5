package inject

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseVars reads a vars.yaml manifest: one list of variables, each a
// mapping with the fields of the documented format. file names the
// manifest in messages and in each Var's Origin ("file:line").
//
// Errors (each prefixed with "file:line: "): a document that is not a list,
// an entry that is not a mapping, an unknown field, a field of the wrong
// type, a missing or invalid name, a duplicate name, an unknown source or
// secret type, conflicting sources (source: local with secret or compose,
// secret with compose), a secret with neither or both of arn_from and id,
// a JSON secret without key, and a malformed compose template.
func ParseVars(file string, data []byte) ([]Var, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, nil // an empty file declares nothing
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: a vars file is a list of variables (- name: ...)", file, root.Line)
	}
	p := varsParser{file: file}
	var out []Var
	seen := map[string]int{}
	for _, item := range root.Content {
		v, err := p.variable(item)
		if err != nil {
			return nil, err
		}
		if line, dup := seen[v.Name]; dup {
			return nil, p.errf(item, "variable %s is declared twice (first at line %d)", v.Name, line)
		}
		seen[v.Name] = item.Line
		out = append(out, v)
	}
	return out, nil
}

// varsParser turns yaml nodes into Vars, with file:line messages.
type varsParser struct{ file string }

func (p varsParser) errf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// fields walks a mapping's key/value pairs, refusing keys not in known.
func (p varsParser) fields(n *yaml.Node, what string, known []string, fn func(key string, val *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping", what)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !contains(known, k.Value) {
			return p.errf(k, "unknown field %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
		}
		if seen[k.Value] {
			return p.errf(k, "field %q given twice in %s", k.Value, what)
		}
		seen[k.Value] = true
		if err := fn(k.Value, val); err != nil {
			return err
		}
	}
	return nil
}

var varFields = []string{"name", "source", "required", "default", "sensitive", "containers", "secret", "compose"}

func (p varsParser) variable(n *yaml.Node) (Var, error) {
	v := Var{Kind: KindLookup, Origin: fmt.Sprintf("%s:%d", p.file, n.Line)}
	var source string
	var hasSecret, hasCompose bool
	err := p.fields(n, "a variable", varFields, func(key string, val *yaml.Node) error {
		var err error
		switch key {
		case "name":
			v.Name, err = p.str(val, key)
		case "source":
			source, err = p.str(val, key)
			if err == nil && source != "local" && source != "ssm" {
				err = p.errf(val, "unknown source %q (want local, or no source for the SSM lookup)", source)
			}
		case "required":
			v.Required, err = p.boolean(val, key)
		case "sensitive":
			v.Sensitive, err = p.boolean(val, key)
		case "default":
			if val.Kind != yaml.ScalarNode {
				return p.errf(val, "default must be a scalar")
			}
			v.HasDefault, v.Default = val.Tag != "!!null", val.Value
		case "containers":
			v.Containers, err = p.strList(val, key)
		case "secret":
			hasSecret = true
			err = p.secret(val, &v.Secret)
		case "compose":
			hasCompose = true
			err = p.compose(val, &v)
		}
		return err
	})
	if err != nil {
		return v, err
	}
	switch {
	case v.Name == "":
		return v, p.errf(n, "a variable needs a name")
	case !ValidName(v.Name):
		return v, p.errf(n, "%q is not a valid environment variable name", v.Name)
	case source == "local" && (hasSecret || hasCompose):
		return v, p.errf(n, "%s: source: local cannot be combined with secret or compose", v.Name)
	case hasSecret && hasCompose:
		return v, p.errf(n, "%s: secret and compose cannot be combined", v.Name)
	case source == "local":
		v.Kind = KindLocal
	case hasSecret:
		v.Kind = KindSecret
	case hasCompose:
		v.Kind = KindCompose
	}
	return v, nil
}

var secretFields = []string{"arn_from", "id", "type", "key", "version_stage", "version_id"}

func (p varsParser) secret(n *yaml.Node, s *SecretSpec) error {
	typ := ""
	err := p.fields(n, "secret", secretFields, func(key string, val *yaml.Node) error {
		var err error
		switch key {
		case "arn_from":
			s.ArnFrom, err = p.str(val, key)
			if err == nil && !ValidName(s.ArnFrom) {
				err = p.errf(val, "arn_from %q is not a variable name", s.ArnFrom)
			}
		case "id":
			s.ID, err = p.str(val, key)
		case "type":
			typ, err = p.str(val, key)
			if err == nil && typ != "json" && typ != "string" {
				err = p.errf(val, "unknown secret type %q (want json or string)", typ)
			}
		case "key":
			s.Key, err = p.str(val, key)
		case "version_stage":
			s.Stage, err = p.str(val, key)
		case "version_id":
			s.VersionID, err = p.str(val, key)
		}
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case (s.ArnFrom == "") == (s.ID == ""):
		return p.errf(n, "secret needs exactly one of arn_from and id")
	case typ == "string" && s.Key != "":
		return p.errf(n, "secret key %q needs type: json", s.Key)
	case typ == "json" && s.Key == "":
		return p.errf(n, "secret type json needs a key")
	}
	s.JSON = s.Key != ""
	return nil
}

func (p varsParser) compose(n *yaml.Node, v *Var) error {
	err := p.fields(n, "compose", []string{"template", "encode"}, func(key string, val *yaml.Node) error {
		var err error
		switch key {
		case "template":
			v.Template, err = p.str(val, key)
			if err == nil {
				if _, perr := templateRefs(v.Template); perr != nil {
					err = p.errf(val, "compose template: %v", perr)
				}
			}
		case "encode":
			v.Encode, err = p.strList(val, key)
		}
		return err
	})
	if err != nil {
		return err
	}
	if v.Template == "" {
		return p.errf(n, "compose needs a template")
	}
	return nil
}

func (p varsParser) str(n *yaml.Node, field string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a string", field)
	}
	return n.Value, nil
}

func (p varsParser) boolean(n *yaml.Node, field string) (bool, error) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		return false, p.errf(n, "%s must be true or false", field)
	}
	return b, nil
}

// strList accepts a list of strings or a single string.
func (p varsParser) strList(n *yaml.Node, field string) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		s, err := p.str(n, field)
		return []string{s}, err
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s must be a list of strings", field)
	}
	var out []string
	for _, c := range n.Content {
		s, err := p.str(c, field)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
