package dbrotate_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/rotation"
)

// memSecrets is an in-memory rotation.Secrets with AWS's stage rules, for
// driving the functions without the core.
type memSecrets struct {
	mu      sync.Mutex
	secrets map[string]*memSecret
	// next, when set, is returned by RandomPassword instead of a random one.
	next []string
}

type memSecret struct {
	values map[string]arca.Value // version id -> value
	stages map[string][]string   // version id -> stages
	tags   map[string]string
}

// punctuation-heavy alphabet: passwords exercise every quoting path.
const pwAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

func newMemSecrets() *memSecrets { return &memSecrets{secrets: map[string]*memSecret{}} }

// create stores value as the AWSCURRENT version of a new secret.
func (m *memSecrets) create(id string, value string, tags map[string]string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.secrets[id] = &memSecret{
		values: map[string]arca.Value{"v0": arca.Value(value)},
		stages: map[string][]string{"v0": {"AWSCURRENT"}},
		tags:   tags,
	}
}

func (m *memSecrets) get(id string) (*memSecret, error) {
	s, ok := m.secrets[id]
	if !ok {
		return nil, arca.Errorf(arca.ENotFound, "secret %s not found", id)
	}
	return s, nil
}

func (m *memSecrets) GetValue(_ context.Context, id, versionID, stage string) (arca.Value, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.get(id)
	if err != nil {
		return nil, err
	}
	for v, st := range s.stages {
		if (versionID == "" || v == versionID) && (stage == "" || slices.Contains(st, stage)) {
			if val, ok := s.values[v]; ok {
				return slices.Clone(val), nil
			}
		}
	}
	return nil, arca.Errorf(arca.EVersionNotFound, "no version %q stage %q", versionID, stage)
}

func (m *memSecrets) PutPending(_ context.Context, id, token string, value arca.Value) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.get(id)
	if err != nil {
		return err
	}
	if old, ok := s.values[token]; ok {
		if string(old) != string(value) {
			return arca.Errorf(arca.EExists, "version %s exists with another value", token)
		}
		return nil
	}
	for v, st := range s.stages {
		s.stages[v] = slices.DeleteFunc(st, func(x string) bool { return x == "AWSPENDING" })
	}
	s.values[token] = slices.Clone(value)
	s.stages[token] = []string{"AWSPENDING"}
	return nil
}

func (m *memSecrets) Stages(_ context.Context, id string) (map[string][]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.get(id)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for v, st := range s.stages {
		if len(st) > 0 {
			out[v] = slices.Clone(st)
		}
	}
	return out, nil
}

func (m *memSecrets) Tags(_ context.Context, id string) (map[string]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.get(id)
	if err != nil {
		return nil, err
	}
	return maps.Clone(s.tags), nil
}

func (m *memSecrets) Finish(_ context.Context, id, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, err := m.get(id)
	if err != nil {
		return err
	}
	if _, ok := s.values[token]; !ok {
		return arca.Errorf(arca.EVersionNotFound, "no version %s", token)
	}
	for v, st := range s.stages {
		st = slices.DeleteFunc(st, func(x string) bool { return x == "AWSPREVIOUS" })
		if slices.Contains(st, "AWSCURRENT") && v != token {
			st = slices.DeleteFunc(st, func(x string) bool { return x == "AWSCURRENT" })
			st = append(st, "AWSPREVIOUS")
		}
		s.stages[v] = st
	}
	st := slices.DeleteFunc(s.stages[token], func(x string) bool { return x == "AWSPENDING" || x == "AWSCURRENT" })
	s.stages[token] = append(st, "AWSCURRENT")
	return nil
}

func (m *memSecrets) RandomPassword(_ context.Context, id string) (arca.Value, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.get(id); err != nil {
		return nil, err
	}
	if len(m.next) > 0 {
		pw := m.next[0]
		m.next = m.next[1:]
		return arca.Value(pw), nil
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = pwAlphabet[int(b[i])%len(pwAlphabet)]
	}
	return arca.Value(b), nil
}

// value returns the stage's value, failing the test when there is none.
func (m *memSecrets) value(t *testing.T, id, stage string) string {
	t.Helper()
	v, err := m.GetValue(context.Background(), id, "", stage)
	if err != nil {
		t.Fatalf("read %s of %s: %v", stage, id, err)
	}
	return v.Reveal()
}

var tokenSeq struct {
	sync.Mutex
	n int
}

func newToken() string {
	tokenSeq.Lock()
	defer tokenSeq.Unlock()
	tokenSeq.n++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", tokenSeq.n)
}

// step runs one step of fn.
func step(ctx context.Context, fn rotation.Function, sm rotation.Secrets, id, token string, s rotation.Step) error {
	return fn.Invoke(ctx, sm, rotation.Event{SecretID: id, ClientRequestToken: token, Step: s})
}

// rotate runs the four steps, each twice (steps must be idempotent), and
// returns the token.
func rotate(t *testing.T, fn rotation.Function, sm rotation.Secrets, id string) string {
	t.Helper()
	token := newToken()
	for _, s := range rotation.Steps {
		for range 2 {
			if err := step(context.Background(), fn, sm, id, token, s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	return token
}
