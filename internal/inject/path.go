package inject

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// NormalizePath returns an SSM path without its trailing slash ("/" stays
// "/"), the form GetParametersByPath is given.
func NormalizePath(path string) string {
	if len(path) > 1 {
		path = strings.TrimRight(path, "/")
	}
	if path == "" {
		return "/"
	}
	return path
}

// PathVarName maps a parameter read under path to its variable's name:
// the part of the name after path, its levels joined with "_", upper-case,
// every character outside A-Z 0-9 _ replaced by "_", and "_" put in front
// of a leading digit. So under /prod/web, /prod/web/django-secret.key is
// DJANGO_SECRET_KEY and (with --recursive) /prod/web/db/password is
// DB_PASSWORD.
func PathVarName(path, name string) string {
	path = NormalizePath(path)
	rel := strings.TrimPrefix(name, path)
	rel = strings.Trim(rel, "/")
	var b strings.Builder
	for _, r := range strings.ToUpper(rel) {
		switch {
		case 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = "_" + s
	}
	return s
}

// pathVars turns the parameters read under path into literal variables.
//
// Errors: two parameters that map to the same variable (a collision),
// named both.
func pathVars(path string, params []Parameter) ([]Var, error) {
	path = NormalizePath(path)
	from := map[string]string{}
	var vars []Var
	for _, p := range params {
		name := PathVarName(path, p.Name)
		if name == "" {
			continue
		}
		if other, dup := from[name]; dup {
			return nil, fmt.Errorf("path %s: parameters %s and %s both map to variable %s; rename one or read them with a vars file", path, other, p.Name, name)
		}
		from[name] = p.Name
		vars = append(vars, Var{
			Name: name, Kind: KindLiteral, Literal: p.Value, Version: p.Version,
			Sensitive: p.Type == "SecureString", Origin: "path " + path + " parameter " + p.Name,
		})
	}
	sort.Slice(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
	return vars, nil
}

// expandPath reads the parameters under a path source into variables.
func expandPath(ctx context.Context, r Reader, src Source) ([]Var, error) {
	params, err := r.ParametersByPath(ctx, src.Region, NormalizePath(src.Path), src.Recursive)
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", src.Path, err)
	}
	return pathVars(src.Path, params)
}
