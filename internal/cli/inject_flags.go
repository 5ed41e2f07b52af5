package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/arca-vault/arca/internal/inject/awsread"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/pflag"
)

// clientFlags are the flags of every command that talks to a server.
type clientFlags struct {
	endpoint string
	region   string
	timeout  time.Duration
	// httpClient, when set, carries the requests (tests count them).
	httpClient aws.HTTPClient
}

func (f *clientFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.endpoint, "endpoint", "", "server URL (default $ARCA_ENDPOINT, else the AWS endpoints)")
	fs.StringVar(&f.region, "region", "", "region (default $ARCA_REGION, $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "give up reading after this long")
}

// applyEnv fills the flags not given from ARCA_ENDPOINT and ARCA_REGION.
func (f *clientFlags) applyEnv(fs *pflag.FlagSet) error {
	return envFallbackFor(fs, "endpoint", "region", "namespace", "service", "container")
}

// envFallbackFor is envFallback limited to the named flags (those of them
// that the flag set has).
func envFallbackFor(fs *pflag.FlagSet, names ...string) error {
	for _, n := range names {
		f := fs.Lookup(n)
		if f == nil || f.Changed {
			continue
		}
		env := "ARCA_" + toEnvName(n)
		if v, ok := os.LookupEnv(env); ok && v != "" {
			if err := fs.Set(n, v); err != nil {
				return fmt.Errorf("%s: %w", env, err)
			}
		}
	}
	return nil
}

func toEnvName(flag string) string {
	b := []byte(flag)
	for i, c := range b {
		switch {
		case c == '-':
			b[i] = '_'
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// awsConfig builds the SDK configuration: the default credential chain
// (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN first),
// the region, and the endpoint.
func (f *clientFlags) awsConfig(ctx context.Context) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if f.region != "" {
		opts = append(opts, config.WithRegion(f.region))
	}
	if f.httpClient != nil {
		opts = append(opts, config.WithHTTPClient(f.httpClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if f.endpoint != "" {
		cfg.BaseEndpoint = aws.String(f.endpoint)
	}
	return cfg, nil
}

// reader returns an awsread.Reader for the flags.
func (f *clientFlags) reader(ctx context.Context) (*awsread.Reader, error) {
	cfg, err := f.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	return awsread.New(cfg), nil
}

// sourceFlags are the flags that say what to inject.
type sourceFlags struct {
	clientFlags
	sources   []sourceArg
	envFiles  []string
	namespace string
	service   string
	container string
	recursive bool
}

// sourceArg is one --vars, --ecs-task-definition or --path, in the order given.
type sourceArg struct{ kind, arg string }

// orderedFlag appends each value to a shared list, keeping the command
// line's order across flags.
type orderedFlag struct {
	kind string
	list *[]sourceArg
}

// String implements pflag.Value (the list is read directly).
func (o orderedFlag) String() string { return "" }

// Type implements pflag.Value.
func (o orderedFlag) Type() string { return o.kind }

// Set implements pflag.Value: it appends, keeping the command-line order.
func (o orderedFlag) Set(s string) error {
	*o.list = append(*o.list, sourceArg{kind: o.kind, arg: s})
	return nil
}

func (f *sourceFlags) register(fs *pflag.FlagSet) {
	f.clientFlags.register(fs)
	fs.Var(orderedFlag{"vars", &f.sources}, "vars", "a vars.yaml manifest `FILE` (repeatable)")
	fs.Var(orderedFlag{"ecs", &f.sources}, "ecs-task-definition", "an ECS task definition JSON `FILE`; with --container (repeatable)")
	fs.Var(orderedFlag{"path", &f.sources}, "path", "every SSM parameter under this `PATH`, e.g. /prod/web/ (repeatable)")
	fs.StringArrayVar(&f.envFiles, "env-file", nil, "bootstrap env `FILE` for source: local variables (repeatable; later files win)")
	fs.StringVar(&f.namespace, "namespace", "", "lookup root, e.g. /voiceai/prod (default $ARCA_NAMESPACE)")
	fs.StringVar(&f.service, "service", "", "service under the namespace, e.g. api (default $ARCA_SERVICE)")
	fs.StringVar(&f.container, "container", "", "container: selects the ECS container definition and vars.yaml containers: (default $ARCA_CONTAINER)")
	fs.BoolVarP(&f.recursive, "recursive", "r", false, "with --path, read every level below the path")
}

// plan reads the source files into an inject.Plan.
func (f *sourceFlags) plan() (inject.Plan, error) {
	p := inject.Plan{Namespace: f.namespace, Service: f.service, Container: f.container}
	if len(f.sources) == 0 {
		return p, fmt.Errorf("nothing to inject: give --vars, --ecs-task-definition or --path")
	}
	for _, s := range f.sources {
		switch s.kind {
		case "path":
			p.Sources = append(p.Sources, inject.Source{Path: s.arg, Recursive: f.recursive})
			continue
		}
		data, err := os.ReadFile(s.arg)
		if err != nil {
			return p, err
		}
		var vars []inject.Var
		if s.kind == "vars" {
			vars, err = inject.ParseVars(s.arg, data)
		} else {
			vars, err = inject.ParseTaskDefinition(s.arg, data, f.container)
		}
		if err != nil {
			return p, err
		}
		p.Sources = append(p.Sources, inject.Source{Vars: vars})
	}
	local := map[string]string{}
	for _, file := range f.envFiles {
		data, err := os.ReadFile(file)
		if err != nil {
			return p, err
		}
		m, err := inject.ParseEnvFile(file, data)
		if err != nil {
			return p, err
		}
		for k, v := range m {
			local[k] = v
		}
	}
	p.Local = func(name string) (string, bool) {
		if v, ok := local[name]; ok {
			return v, true
		}
		return os.LookupEnv(name)
	}
	return p, nil
}

// resolve reads the flags' sources through the server.
func (f *sourceFlags) resolve(ctx context.Context, r inject.Reader) (*inject.Result, error) {
	plan, err := f.plan()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	return inject.Resolve(ctx, r, plan)
}
