// Package cli is arca's command line: one binary, subcommands. Each
// subcommand parses its flags (with ARCA_* environment fallbacks), builds
// what it needs and runs; none holds state between runs.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Version is set at build time with -ldflags "-X ...cli.Version=...".
var Version = "dev"

// Main runs the arca command line with args (without the program name) and
// returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "arca",
		Short:         "arca: a self-hosted secrets manager that speaks the AWS, Vault and GCP secret APIs",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	root.AddCommand(serverCmd())
	root.AddCommand(execCmd(), envCmd(), renderCmd(), statusCmd())
	root.AddCommand(iamCmd())
	root.AddCommand(rotationCmd())
	root.AddCommand(auditCmd())
	root.AddCommand(scanCmd())
	if err := root.ExecuteContext(ctx); err != nil {
		var code exitStatus
		if errors.As(err, &code) {
			return int(code) // the command has said what it had to say
		}
		fmt.Fprintln(stderr, "arca:", err)
		return 1
	}
	return 0
}

// exitStatus is an error that ends the command with that exit status and no
// message: a child's status (arca exec) or a documented result code (arca
// scan's 1 = found, 2 = usage). Returning it instead of calling os.Exit lets
// deferred cleanup run and keeps Main testable.
type exitStatus int

func (c exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// envFallback sets every flag the user did not give from ARCA_<FLAG> (dashes
// become underscores), so that precedence is default < environment < flag.
func envFallback(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil {
			return
		}
		name := "ARCA_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s: %w", name, e)
			}
		}
	})
	return err
}
