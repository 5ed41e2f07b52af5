package inject

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// maxConcurrent bounds the requests one fetch round runs at once.
const maxConcurrent = 8

// want is what one variable needs from a fetch round.
type want struct {
	i      int
	param  *ParamRef
	secret *SecretRef
	key    string // JSON key of the secret ("" = whole value)
	lookup bool   // the default lookup: the secret's key first, then the parameter
}

// fetchBatch is one round of reads: the distinct items and their results.
type fetchBatch struct {
	wants   []want
	params  map[ParamRef]*ParameterResult
	secrets map[SecretRef]*SecretResult
}

func (b *fetchBatch) empty() bool { return len(b.wants) == 0 }

// collect gathers the reads of every variable whose inputs are known;
// settled reports that it decided some variables without a read (e.g. an
// arn_from variable that is not set).
func (rs *resolution) collect() (b *fetchBatch, settled bool) {
	b = &fetchBatch{params: map[ParamRef]*ParameterResult{}, secrets: map[SecretRef]*SecretResult{}}
	add := func(w want) {
		if w.param != nil {
			b.params[*w.param] = nil
		}
		if w.secret != nil {
			b.secrets[*w.secret] = nil
		}
		b.wants = append(b.wants, w)
	}
	for i := range rs.out {
		if rs.final[i] {
			continue
		}
		v := &rs.out[i].Var
		switch v.Kind {
		case KindParameter:
			p := v.Parameter
			add(want{i: i, param: &p})
		case KindLookup:
			prefix := rs.plan.LookupPrefix()
			if prefix == "" {
				rs.fail(i, "SSM", notFoundf("no --namespace (and --service) to look %s up under", v.Name))
				settled = true
				continue
			}
			w := want{i: i, param: &ParamRef{Name: prefix + "/" + v.Name}, lookup: true}
			if v.Sensitive {
				w.secret, w.key = &SecretRef{ID: prefix + "/secrets"}, v.Name
			}
			add(w)
		case KindSecret:
			if ref, ok := rs.secretRef(i); ok {
				add(want{i: i, secret: &ref, key: v.Secret.Key})
			} else if rs.final[i] {
				settled = true
			}
		}
	}
	return b, settled
}

// secretRef works out which secret a KindSecret variable reads; ok is
// false when it must wait for its arn_from variable or has failed.
func (rs *resolution) secretRef(i int) (ref SecretRef, ok bool) {
	s := rs.out[i].Var.Secret
	id := s.ID
	if s.ArnFrom != "" {
		j, declared := rs.byName[s.ArnFrom]
		switch {
		case !declared:
			rs.fail(i, "secret", notFoundf("arn_from names %s, which is not declared%s", s.ArnFrom, rs.forContainer()))
			return ref, false
		case !rs.final[j]:
			return ref, false
		case !rs.out[j].HasValue() || rs.out[j].Value == "":
			rs.fail(i, "secret", notFoundf("arn_from %s is not set", s.ArnFrom))
			return ref, false
		}
		id = strings.TrimSpace(rs.out[j].Value)
	}
	region := s.Region
	if a, err := arn.Parse(id); err == nil && region == "" {
		region = a.Region
	}
	return SecretRef{Region: region, ID: id, Stage: s.Stage, VersionID: s.VersionID}, true
}

// fetch runs the round's reads, batched per region, concurrently.
func (b *fetchBatch) fetch(ctx context.Context, r Reader) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxConcurrent)
	run := func(fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fn()
		}()
	}
	for region, names := range groupParams(b.params) {
		for len(names) > 0 {
			n := min(len(names), MaxParameterBatch)
			chunk := names[:n]
			names = names[n:]
			run(func() {
				res := r.Parameters(ctx, region, chunk)
				mu.Lock()
				defer mu.Unlock()
				for k, name := range chunk {
					b.params[ParamRef{Region: region, Name: name}] = resultAt(res, k)
				}
			})
		}
	}
	for region, refs := range groupSecrets(b.secrets) {
		for len(refs) > 0 {
			n := min(len(refs), MaxSecretBatch)
			chunk := refs[:n]
			refs = refs[n:]
			run(func() {
				res := r.Secrets(ctx, region, chunk)
				mu.Lock()
				defer mu.Unlock()
				for k, ref := range chunk {
					sr := SecretResult{Err: errors.New("no answer for this secret")}
					if k < len(res) {
						sr = res[k]
					}
					b.secrets[ref] = &sr
				}
			})
		}
	}
	wg.Wait()
}

func resultAt(res []ParameterResult, k int) *ParameterResult {
	if k < len(res) {
		return &res[k]
	}
	return &ParameterResult{Err: errors.New("no answer for this parameter")}
}

func groupParams(m map[ParamRef]*ParameterResult) map[string][]string {
	g := map[string][]string{}
	for ref := range m {
		g[ref.Region] = append(g[ref.Region], ref.Name)
	}
	for _, names := range g {
		sort.Strings(names)
	}
	return g
}

func groupSecrets(m map[SecretRef]*SecretResult) map[string][]SecretRef {
	g := map[string][]SecretRef{}
	for ref := range m {
		g[ref.Region] = append(g[ref.Region], ref)
	}
	for _, refs := range g {
		sort.Slice(refs, func(i, j int) bool { return refs[i].String() < refs[j].String() })
	}
	return g
}

// secretValue extracts what a variable wants from a secret read.
func secretValue(ref SecretRef, res *SecretResult, key string) (string, string, error) {
	where := "secret " + ref.String()
	if key != "" {
		where += " key " + key
	}
	if res.Err != nil {
		return "", where, fmt.Errorf("%s: %w", where, res.Err)
	}
	if res.Binary {
		return "", where, fmt.Errorf("%s: a binary secret cannot be an environment variable", where)
	}
	if key == "" {
		return res.String, where, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(res.String), &obj); err != nil || obj == nil {
		return "", where, fmt.Errorf("%s: the secret is not a JSON object", where)
	}
	raw, ok := obj[key]
	if !ok || string(raw) == "null" {
		return "", where, notFoundf("%s: the secret has no key %q", where, key)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, where, nil
	}
	return string(raw), where, nil // a number, boolean, object or array as its JSON text
}
