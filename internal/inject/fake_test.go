package inject_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/arca-vault/arca/internal/inject"
)

// fakeStore is an in-memory Reader and VersionReader for resolver tests:
// parameters by name, secrets by id with versions by stage, a set of
// denied names, and counters of the calls made.
type fakeStore struct {
	mu      sync.Mutex
	params  map[string]inject.Parameter
	secrets map[string]map[string]inject.Secret // id -> stage -> version
	denied  map[string]bool
	down    bool

	paramCalls, secretCalls, pathCalls int
	maxParamBatch, maxSecretBatch      int
}

func newFake() *fakeStore {
	return &fakeStore{params: map[string]inject.Parameter{}, secrets: map[string]map[string]inject.Secret{}, denied: map[string]bool{}}
}

func (f *fakeStore) putParam(name, typ, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.params[name]
	v := 1
	fmt.Sscan(old.Version, &v)
	if old.Version != "" {
		v++
	}
	f.params[name] = inject.Parameter{Name: name, Type: typ, Value: value, Version: fmt.Sprint(v)}
}

func (f *fakeStore) putSecret(id, value string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.secrets[id]
	if st == nil {
		st = map[string]inject.Secret{}
		f.secrets[id] = st
	}
	if cur, ok := st["AWSCURRENT"]; ok {
		st["AWSPREVIOUS"] = cur
	}
	st["AWSCURRENT"] = inject.Secret{ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id + "-AbCdEf",
		VersionID: fmt.Sprintf("v%d-%s", len(st), id), String: value}
}

var errDown = fmt.Errorf("%w: dial tcp 127.0.0.1:1: connection refused", inject.ErrUnreachable)

func (f *fakeStore) Parameters(_ context.Context, _ string, names []string) []inject.ParameterResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paramCalls++
	f.maxParamBatch = max(f.maxParamBatch, len(names))
	out := make([]inject.ParameterResult, len(names))
	for i, n := range names {
		p, ok := f.params[n]
		switch {
		case f.down:
			out[i].Err = errDown
		case f.denied[n]:
			out[i].Err = fmt.Errorf("%w: not authorized to read %s", inject.ErrDenied, n)
		case !ok:
			out[i].Err = fmt.Errorf("%w: ParameterNotFound", inject.ErrNotFound)
		default:
			out[i].Parameter = p
		}
	}
	return out
}

func (f *fakeStore) ParameterVersions(ctx context.Context, region string, names []string) []inject.ParameterResult {
	res := f.Parameters(ctx, region, names)
	for i := range res {
		res[i].Value = ""
	}
	return res
}

func (f *fakeStore) Secrets(_ context.Context, _ string, refs []inject.SecretRef) []inject.SecretResult {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.secretCalls++
	f.maxSecretBatch = max(f.maxSecretBatch, len(refs))
	out := make([]inject.SecretResult, len(refs))
	for i, r := range refs {
		stage := r.Stage
		if stage == "" {
			stage = "AWSCURRENT"
		}
		id := r.ID
		if _, name, isARN := strings.Cut(id, ":secret:"); isARN {
			id = strings.TrimSuffix(name, "-AbCdEf")
		}
		s, ok := f.secrets[id][stage]
		switch {
		case f.down:
			out[i].Err = errDown
		case f.denied[r.ID]:
			out[i].Err = fmt.Errorf("%w: not authorized to read %s", inject.ErrDenied, r.ID)
		case !ok:
			out[i].Err = fmt.Errorf("%w: ResourceNotFoundException", inject.ErrNotFound)
		default:
			out[i].Secret = s
		}
	}
	return out
}

func (f *fakeStore) SecretVersion(_ context.Context, ref inject.SecretRef) (string, error) {
	res := f.Secrets(context.Background(), ref.Region, []inject.SecretRef{ref})
	return res[0].VersionID, res[0].Err
}

func (f *fakeStore) ParametersByPath(_ context.Context, _ string, path string, recursive bool) ([]inject.Parameter, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pathCalls++
	if f.down {
		return nil, errDown
	}
	var out []inject.Parameter
	for name, p := range f.params {
		rest, ok := strings.CutPrefix(name, path+"/")
		if ok && (recursive || !strings.Contains(rest, "/")) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (f *fakeStore) PathVersions(ctx context.Context, region, path string, recursive bool) ([]inject.Parameter, error) {
	return f.ParametersByPath(ctx, region, path, recursive)
}

// localEnv is a Plan.Local over a map.
func localEnv(m map[string]string) func(string) (string, bool) {
	return func(n string) (string, bool) { v, ok := m[n]; return v, ok }
}
