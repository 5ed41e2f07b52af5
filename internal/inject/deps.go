package inject

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
)

// PathRef names a path source.
type PathRef struct {
	Region    string
	Path      string
	Recursive bool
}

// Deps records the versions a resolution read (an empty version: it was
// not found), so that --watch can tell by versions alone, without reading
// values, when something must be read again.
type Deps struct {
	Params  map[ParamRef]string
	Secrets map[SecretRef]string
	// Paths maps each path source to the names and versions under it.
	Paths map[PathRef]string
}

func newDeps() *Deps {
	return &Deps{Params: map[ParamRef]string{}, Secrets: map[SecretRef]string{}, Paths: map[PathRef]string{}}
}

// Merge adds the entries of o to d.
func (d *Deps) Merge(o Deps) {
	if d.Params == nil {
		*d = *newDeps()
	}
	for k, v := range o.Params {
		d.Params[k] = v
	}
	for k, v := range o.Secrets {
		d.Secrets[k] = v
	}
	for k, v := range o.Paths {
		d.Paths[k] = v
	}
}

// Empty reports whether nothing was read.
func (d *Deps) Empty() bool { return len(d.Params)+len(d.Secrets)+len(d.Paths) == 0 }

func pathFingerprint(vars []Var) string {
	lines := make([]string, 0, len(vars))
	for _, v := range vars {
		lines = append(lines, v.Origin+"="+v.Version)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// Changed reports whether any version recorded in d differs from the
// store's now: GetParameters metadata in batches, one DescribeSecret per
// secret, a version listing per path. An error means the check could not
// be made (the caller keeps what it has and tries again later).
func Changed(ctx context.Context, vr VersionReader, d Deps) (bool, error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	changed := false
	var firstErr error
	report := func(c bool, err error) {
		mu.Lock()
		defer mu.Unlock()
		changed = changed || c
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	sem := make(chan struct{}, maxConcurrent)
	run := func(fn func() (bool, error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			report(fn())
		}()
	}
	byRegion := map[string][]string{}
	for ref := range d.Params {
		byRegion[ref.Region] = append(byRegion[ref.Region], ref.Name)
	}
	for region, names := range byRegion {
		for len(names) > 0 {
			n := min(len(names), MaxParameterBatch)
			chunk := names[:n]
			names = names[n:]
			run(func() (bool, error) { return paramsChanged(ctx, vr, region, chunk, d.Params) })
		}
	}
	for ref, old := range d.Secrets {
		run(func() (bool, error) {
			v, err := vr.SecretVersion(ctx, ref)
			if errors.Is(err, ErrNotFound) {
				return old != "", nil
			}
			return err == nil && v != old, err
		})
	}
	for ref, old := range d.Paths {
		run(func() (bool, error) {
			ps, err := vr.PathVersions(ctx, ref.Region, ref.Path, ref.Recursive)
			if err != nil {
				return false, err
			}
			vars, err := pathVars(ref.Path, ps)
			return err != nil || pathFingerprint(vars) != old, nil
		})
	}
	wg.Wait()
	return changed, firstErr
}

func paramsChanged(ctx context.Context, vr VersionReader, region string, names []string, old map[ParamRef]string) (bool, error) {
	res := vr.ParameterVersions(ctx, region, names)
	for k, name := range names {
		if k >= len(res) {
			return false, errors.New("no answer for parameter " + name)
		}
		was := old[ParamRef{Region: region, Name: name}]
		switch {
		case res[k].Err == nil && res[k].Version != was:
			return true, nil
		case errors.Is(res[k].Err, ErrNotFound) && was != "":
			return true, nil
		case res[k].Err != nil && !errors.Is(res[k].Err, ErrNotFound):
			return false, res[k].Err
		}
	}
	return false, nil
}
