package inject

import (
	"errors"
	"fmt"
)

// assign turns a round's results into outcomes and records the versions read.
func (rs *resolution) assign(b *fetchBatch) {
	for ref, res := range b.params {
		if res.Err == nil {
			rs.deps.Params[ref] = res.Version
		} else if errors.Is(res.Err, ErrNotFound) {
			rs.deps.Params[ref] = ""
		}
	}
	for ref, res := range b.secrets {
		if ref.VersionID != "" {
			continue // a pinned version never changes
		}
		if res.Err == nil {
			rs.deps.Secrets[ref] = res.VersionID
		} else if errors.Is(res.Err, ErrNotFound) {
			rs.deps.Secrets[ref] = ""
		}
	}
	for _, w := range b.wants {
		switch {
		case w.lookup:
			rs.assignLookup(w, b)
		case w.param != nil:
			rs.assignParam(w.i, *w.param, b.params[*w.param])
		case w.secret != nil:
			val, where, err := secretValue(*w.secret, b.secrets[*w.secret], w.key)
			if err != nil {
				rs.fail(w.i, where, err)
				continue
			}
			rs.set(w.i, val, where)
		}
	}
}

func (rs *resolution) assignParam(i int, ref ParamRef, res *ParameterResult) {
	where := "SSM parameter " + ref.Name
	if res.Err != nil {
		rs.fail(i, where, fmt.Errorf("%s: %w", where, res.Err))
		return
	}
	rs.set(i, res.Value, where)
}

// assignLookup applies the default lookup: a sensitive variable is first
// key NAME of the JSON secret <prefix>/secrets, then the parameter
// <prefix>/NAME; a plain one is the parameter only.
func (rs *resolution) assignLookup(w want, b *fetchBatch) {
	pres := b.params[*w.param]
	if w.secret == nil {
		rs.assignParam(w.i, *w.param, pres)
		return
	}
	sval, swhere, serr := secretValue(*w.secret, b.secrets[*w.secret], w.key)
	if serr == nil {
		rs.set(w.i, sval, swhere)
		return
	}
	pwhere := "SSM parameter " + w.param.Name
	switch {
	case pres.Err == nil:
		rs.set(w.i, pres.Value, pwhere)
	case !errors.Is(pres.Err, ErrNotFound):
		rs.fail(w.i, pwhere, fmt.Errorf("%s: %w", pwhere, pres.Err))
	case !errors.Is(serr, ErrNotFound):
		rs.fail(w.i, swhere, serr)
	default:
		rs.fail(w.i, swhere+" or "+pwhere, notFoundf("neither key %s of secret %s nor SSM parameter %s exists",
			w.key, w.secret.ID, w.param.Name))
	}
}
