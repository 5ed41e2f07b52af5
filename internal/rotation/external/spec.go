package external

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/arca-vault/arca/internal/rotation"
)

// DefaultTimeout bounds one step of an external function without a timeout
// of its own.
const DefaultTimeout = 30 * time.Second

// Spec is one external function as the server's configuration file names
// it: exactly one of Command and Webhook.
type Spec struct {
	Name string `json:"name"` // the NAME of arn:aws:lambda:REGION:ACCOUNT:function:NAME
	// Command is the argv of a local command (no shell): the JSON event on
	// its standard input; exit status 0 is success.
	Command []string `json:"command,omitempty"`
	// Env is added to the command's environment, which holds nothing of the
	// server's but PATH and HOME: the place for the credentials it calls
	// arca back with.
	Env map[string]string `json:"env,omitempty"`
	// Webhook is the URL the JSON event is POSTed to; a 2xx answer is
	// success.
	Webhook string `json:"webhook,omitempty"`
	// SecretFile holds the key of the webhook's X-Arca-Signature HMAC
	// (whitespace around it trimmed); required for a webhook.
	SecretFile string `json:"secret_file,omitempty"`
	// Timeout of one step, as a Go duration ("30s"); "" = DefaultTimeout.
	Timeout string `json:"timeout,omitempty"`
}

// File is the rotation functions configuration file.
type File struct {
	Functions []Spec `json:"functions"`
}

// Load reads a configuration file and builds its functions; endpoint is the
// server's URL, given to commands as ARCA_ENDPOINT and AWS_ENDPOINT_URL.
// Unknown keys, a duplicate or built-in name, and a spec that is not
// exactly one kind are errors.
func Load(path string, endpoint func() string) (rotation.Registry, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rotation functions: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("rotation functions %s: %w", path, err)
	}
	reg := rotation.Registry{}
	for i, sp := range f.Functions {
		fn, err := sp.Build(endpoint)
		if err != nil {
			return nil, fmt.Errorf("rotation functions %s, entry %d: %w", path, i+1, err)
		}
		if _, dup := reg[sp.Name]; dup {
			return nil, fmt.Errorf("rotation functions %s: the name %q is used twice", path, sp.Name)
		}
		reg[sp.Name] = fn
	}
	return reg, nil
}

// Build returns the function sp describes.
func (sp Spec) Build(endpoint func() string) (rotation.Function, error) {
	if sp.Name == "" || strings.ContainsAny(sp.Name, ": /") {
		return nil, fmt.Errorf("a function needs a name without ':', '/' or spaces")
	}
	if strings.HasPrefix(sp.Name, "arca-rotate-") {
		return nil, fmt.Errorf("%q: names starting with arca-rotate- are reserved for built-in functions", sp.Name)
	}
	timeout := DefaultTimeout
	if sp.Timeout != "" {
		d, err := time.ParseDuration(sp.Timeout)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%q: timeout %q is not a positive duration such as 30s", sp.Name, sp.Timeout)
		}
		timeout = d
	}
	switch {
	case len(sp.Command) > 0 && sp.Webhook == "":
		return &Command{Name: sp.Name, Argv: sp.Command, Env: sp.Env, Endpoint: endpoint, Timeout: timeout}, nil
	case len(sp.Command) == 0 && sp.Webhook != "":
		if sp.SecretFile == "" {
			return nil, fmt.Errorf("%q: a webhook needs secret_file, the key of its signature", sp.Name)
		}
		key, err := os.ReadFile(sp.SecretFile)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", sp.Name, err)
		}
		key = bytes.TrimSpace(key)
		if len(key) < 16 {
			return nil, fmt.Errorf("%q: the webhook key in %s must be at least 16 bytes", sp.Name, sp.SecretFile)
		}
		return &Webhook{Name: sp.Name, URL: sp.Webhook, Key: key, Timeout: timeout}, nil
	}
	return nil, fmt.Errorf("%q: give exactly one of command and webhook", sp.Name)
}
