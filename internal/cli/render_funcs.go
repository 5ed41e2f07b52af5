package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/template"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// renderReader reads values and, for --watch, versions.
type renderReader interface {
	inject.Reader
	inject.VersionReader
}

// filler executes one template, reading each value once and recording
// the versions read.
type filler struct {
	ctx    context.Context
	reader renderReader
	deps   inject.Deps
	params map[string]string
	secret map[inject.SecretRef]string
}

func newFiller(ctx context.Context, r renderReader) *filler {
	f := &filler{ctx: ctx, reader: r, params: map[string]string{}, secret: map[inject.SecretRef]string{}}
	f.deps.Merge(inject.Deps{})
	return f
}

func (f *filler) execute(name, src string) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"parameter":   f.parameter,
		"secretValue": f.secretValue,
		"secretKey":   f.secretKey,
		"jsonKey":     jsonKey,
		"urlencode":   inject.URLEncode,
		"env":         os.Getenv,
		"secret": func(...any) (string, error) {
			return "", errors.New(`"secret" is reserved for the Vault dialect; use secretValue or secretKey`)
		},
	}).Parse(src)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, nil); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func regionOf(id string) string {
	if a, err := arn.Parse(id); err == nil {
		return a.Region
	}
	return ""
}

func (f *filler) parameter(name string) (string, error) {
	if v, ok := f.params[name]; ok {
		return v, nil
	}
	ref := inject.ParamRef{Region: regionOf(name), Name: name}
	res := f.reader.Parameters(f.ctx, ref.Region, []string{name})[0]
	if res.Err != nil {
		if errors.Is(res.Err, inject.ErrNotFound) {
			f.deps.Params[ref] = ""
		}
		return "", fmt.Errorf("parameter %s: %w", name, res.Err)
	}
	f.deps.Params[ref] = res.Version
	f.params[name] = res.Value
	return res.Value, nil
}

func (f *filler) secretValue(id string, stage ...string) (string, error) {
	if len(stage) > 1 {
		return "", fmt.Errorf("secretValue %s: give at most one version stage", id)
	}
	ref := inject.SecretRef{Region: regionOf(id), ID: id}
	if len(stage) == 1 {
		ref.Stage = stage[0]
	}
	if v, ok := f.secret[ref]; ok {
		return v, nil
	}
	res := f.reader.Secrets(f.ctx, ref.Region, []inject.SecretRef{ref})[0]
	if res.Err != nil {
		if errors.Is(res.Err, inject.ErrNotFound) {
			f.deps.Secrets[ref] = ""
		}
		return "", fmt.Errorf("secret %s: %w", ref, res.Err)
	}
	if res.Binary {
		return "", fmt.Errorf("secret %s is binary", ref)
	}
	f.deps.Secrets[ref] = res.VersionID
	f.secret[ref] = res.String
	return res.String, nil
}

func (f *filler) secretKey(id, key string) (string, error) {
	s, err := f.secretValue(id)
	if err != nil {
		return "", err
	}
	v, err := jsonKey(s, key)
	if err != nil {
		return "", fmt.Errorf("secret %s: %w", id, err)
	}
	return v, nil
}

// jsonKey returns key of the JSON object s: a string as is, anything else
// as its JSON text.
func jsonKey(s, key string) (string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
		return "", errors.New("the value is not a JSON object")
	}
	raw, ok := obj[key]
	if !ok {
		return "", fmt.Errorf("no key %q", key)
	}
	var str string
	if json.Unmarshal(raw, &str) == nil {
		return str, nil
	}
	return string(raw), nil
}
