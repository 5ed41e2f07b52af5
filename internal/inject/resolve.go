package inject

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Source is one front end's contribution: the variables of a vars file or
// a task definition, or (Path set) every parameter under an SSM path.
type Source struct {
	Vars      []Var
	Path      string
	Recursive bool
	Region    string
}

// Plan is what to resolve and how.
type Plan struct {
	// Sources in command-line order; a later one wins for a name both declare.
	Sources []Source
	// Namespace and Service root the lookup of variables without a source:
	// parameter <Namespace>/<Service>/<NAME>, secret <Namespace>/<Service>/secrets.
	Namespace, Service string
	// Container selects the variables listed for it (empty: all).
	Container string
	// Local looks up a source: local variable (bootstrap files, then the
	// process environment); an empty value counts as unset. Nil finds nothing.
	Local func(name string) (string, bool)
}

// LookupPrefix is <Namespace>/<Service>, the root of the default lookup
// ("" when there is no namespace).
func (p *Plan) LookupPrefix() string {
	if p.Namespace == "" {
		return ""
	}
	s := strings.TrimRight(p.Namespace, "/")
	if p.Service != "" {
		s += "/" + strings.Trim(p.Service, "/")
	}
	return s
}

// Resolve reads every variable of plan through r and returns one Outcome
// per variable that applies to plan.Container, in declaration order. It
// fails as a whole only when a path cannot be listed or maps two
// parameters to one variable; everything else is reported per variable
// (see Result.Err). Reads are batched and run concurrently: local and
// literal values first, then rounds of fetches (a secret named by another
// variable waits for it), composed values as soon as their inputs are final.
func Resolve(ctx context.Context, r Reader, plan Plan) (*Result, error) {
	var sources [][]Var
	deps := newDeps()
	for _, src := range plan.Sources {
		vars := src.Vars
		if src.Path != "" {
			var err error
			if vars, err = expandPath(ctx, r, src); err != nil {
				return nil, err
			}
			deps.Paths[PathRef{Region: src.Region, Path: NormalizePath(src.Path), Recursive: src.Recursive}] = pathFingerprint(vars)
		}
		sources = append(sources, Filter(vars, plan.Container))
	}
	rs := &resolution{plan: &plan, deps: deps, byName: map[string]int{}}
	for _, v := range Merge(sources...) {
		rs.byName[v.Name] = len(rs.out)
		rs.out = append(rs.out, Outcome{Var: v, Sensitive: v.Sensitive})
	}
	rs.final = make([]bool, len(rs.out))
	rs.local()
	for {
		progress := rs.compose()
		batch, settled := rs.collect()
		if batch.empty() {
			if !progress && !settled {
				break
			}
			continue
		}
		batch.fetch(ctx, r)
		rs.assign(batch)
	}
	rs.unresolved()
	return &Result{Outcomes: rs.out, Deps: *deps}, nil
}

// resolution is the state of one Resolve.
type resolution struct {
	plan   *Plan
	deps   *Deps
	out    []Outcome
	final  []bool
	byName map[string]int
}

func (rs *resolution) set(i int, value, where string) {
	o := &rs.out[i]
	o.Status, o.Value, o.Where, o.Err = StatusSet, value, where, nil
	o.Placeholder = isPlaceholder(value)
	rs.final[i] = true
}

// fail records a failed read: not found (the default, optional or
// required rules apply), refused, or any other error.
func (rs *resolution) fail(i int, where string, err error) {
	o := &rs.out[i]
	o.Where, o.Err, o.Value = where, err, ""
	rs.final[i] = true
	switch {
	case errors.Is(err, ErrNotFound):
		switch {
		case o.Var.HasDefault:
			o.Status, o.Value = StatusDefault, o.Var.Default
			o.Placeholder = isPlaceholder(o.Value)
		case o.Var.Required:
			o.Status = StatusMissing
		default:
			o.Status = StatusUnset
		}
	case errors.Is(err, ErrDenied):
		o.Status = StatusDenied
	default:
		o.Status = StatusFailed
	}
}

// local resolves literal and local variables, which need no read.
func (rs *resolution) local() {
	for i := range rs.out {
		v := &rs.out[i].Var
		switch v.Kind {
		case KindLiteral:
			rs.set(i, v.Literal, v.Origin)
		case KindLocal:
			where := "local (bootstrap env file or environment)"
			if rs.plan.Local != nil {
				if val, ok := rs.plan.Local(v.Name); ok && val != "" {
					rs.set(i, val, where)
					continue
				}
			}
			rs.fail(i, where, notFoundf("not in the bootstrap env files or the environment"))
		}
	}
}

// unresolved fails whatever could not be resolved: reference cycles.
func (rs *resolution) unresolved() {
	for i := range rs.out {
		if !rs.final[i] {
			rs.fail(i, "", errors.New("depends on itself through other variables (a reference cycle)"))
		}
	}
}

// compose builds every composed variable whose inputs are final; it
// reports whether it did anything.
func (rs *resolution) compose() bool {
	progress := false
	for i := range rs.out {
		v := &rs.out[i].Var
		if rs.final[i] || v.Kind != KindCompose {
			continue
		}
		refs, err := templateRefs(v.Template)
		if err != nil {
			rs.fail(i, "compose", err)
			progress = true
			continue
		}
		values, ready, sensitive, err := rs.inputs(v.Name, refs, v.Encode)
		if !ready {
			continue
		}
		progress = true
		if err != nil {
			rs.fail(i, "compose", err)
			continue
		}
		rs.set(i, Compose(v.Template, values, v.Encode), "compose")
		rs.out[i].Sensitive = rs.out[i].Sensitive || sensitive
	}
	return progress
}

// inputs gathers a composed variable's inputs; ready is false while one of
// them is still being resolved.
func (rs *resolution) inputs(self string, refs, encode []string) (values map[string]string, ready, sensitive bool, err error) {
	for _, e := range encode {
		if !contains(refs, e) {
			return nil, true, false, fmt.Errorf("compose.encode lists %s, which the template does not use", e)
		}
	}
	values = map[string]string{}
	for _, ref := range refs {
		j, ok := rs.byName[ref]
		if !ok || ref == self {
			return nil, true, false, notFoundf("the template uses ${%s}, which is not declared%s", ref, rs.forContainer())
		}
		if !rs.final[j] {
			return nil, false, false, nil
		}
		in := &rs.out[j]
		if !in.HasValue() {
			return nil, true, false, notFoundf("the template uses ${%s}, which is not set", ref)
		}
		values[ref] = in.Value
		sensitive = sensitive || in.Sensitive
	}
	return values, true, sensitive, nil
}

func (rs *resolution) forContainer() string {
	if rs.plan.Container == "" {
		return ""
	}
	return " for container " + rs.plan.Container
}
