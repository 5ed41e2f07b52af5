package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/spf13/cobra"
)

func execCmd() *cobra.Command {
	var sf sourceFlags
	var pristine, strict bool
	var wf watchFlags
	cmd := &cobra.Command{
		Use:   "exec [sources] -- CMD [ARGS...]",
		Short: "Run a command with secrets in its environment (nothing written to disk)",
		Long: `Resolve the variables of the sources in memory, then replace arca with CMD
(execve), its environment holding them. If a required variable is missing, a
read is refused or the server cannot be reached, arca names the variable and
its source and CMD is not started.

Sources (combine several; a later one wins for a name both declare):
  --vars FILE                  a vars.yaml manifest (with --env-file, --namespace,
                               --service, --container)
  --ecs-task-definition FILE   an ECS task definition; --container NAME picks the
                               container (environment + secrets[].valueFrom)
  --path /prod/web/            every SSM parameter under the path (--recursive for
                               all levels): /prod/web/db-host becomes DB_HOST

The environment is arca's own plus the resolved variables (only those with
--pristine). With --watch arca stays as CMD's parent: it forwards signals,
checks the versions of what it read every --interval and, when a value
changed, restarts CMD (or signals it, --on-change signal:HUP); arca exits
with CMD's exit status. See docs/injection.md.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sf.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if err := wf.validate(); err != nil {
				return err
			}
			ctx := cmd.Context()
			r, err := sf.reader(ctx)
			if err != nil {
				return err
			}
			res, err := sf.resolve(ctx, r)
			if err != nil {
				return err
			}
			if err := res.Err(strict); err != nil {
				return fmt.Errorf("not starting %s: %w", args[0], err)
			}
			env := buildEnv(res.Vars(), pristine)
			path, err := lookPath(args[0], env)
			if err != nil {
				return err
			}
			if !wf.watch {
				return fmt.Errorf("exec %s: %w", path, syscall.Exec(path, args, env))
			}
			w := &watcher{sf: &sf, reader: r, strict: strict, pristine: pristine, deps: res.Deps, current: env}
			code, err := supervise(ctx, supervisor{
				path: path, argv: args, env: env, flags: wf, refresh: w.refresh, stderr: cmd.ErrOrStderr(),
			})
			if err != nil {
				return err
			}
			if code != 0 {
				return exitStatus(code)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.SetInterspersed(false)
	sf.register(f)
	f.BoolVar(&pristine, "pristine", false, "give CMD only the resolved variables, not arca's environment")
	f.BoolVar(&strict, "strict", false, "every declared variable must resolve (as if required) and none may be \"placeholder\"")
	wf.register(f)
	return cmd
}

// buildEnv is the child's environment: the parent's (unless pristine)
// with the resolved variables set over it.
func buildEnv(vars []inject.EnvVar, pristine bool) []string {
	set := map[string]bool{}
	for _, v := range vars {
		set[v.Name] = true
	}
	var env []string
	if !pristine {
		for _, kv := range os.Environ() {
			name, _, _ := strings.Cut(kv, "=")
			if !set[name] {
				env = append(env, kv)
			}
		}
	}
	for _, v := range vars {
		env = append(env, v.Name+"="+v.Value)
	}
	return env
}

// lookPath finds CMD in the child's PATH, or arca's when the child has none.
func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	path := os.Getenv("PATH")
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		p := dir + "/" + name
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", name, exec.ErrNotFound)
}

// watchFlags are exec's --watch settings.
type watchFlags struct {
	watch    bool
	interval time.Duration
	onChange string
	grace    time.Duration
	signal   syscall.Signal // from onChange "signal:NAME"
}
