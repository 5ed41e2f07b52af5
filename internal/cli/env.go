package cli

import (
	"github.com/arca-vault/arca/internal/inject"
	"github.com/spf13/cobra"
)

func envCmd() *cobra.Command {
	var sf sourceFlags
	var format string
	var showSensitive, strict bool
	cmd := &cobra.Command{
		Use:   "env [sources]",
		Short: "Print the variables `arca exec` would set (sensitive values masked)",
		Long: `Resolve the same sources as arca exec and print the variables:

  --format dotenv   NAME=value lines (quoted when needed)
  --format shell    export NAME='value' lines: eval "$(arca env ... --format shell)"
  --format json     one object, name to value

Values of sensitive variables (sensitive: true, ECS secrets, SecureString
parameters read by --path, and values composed from them) are left out
unless --show-sensitive is given. Fails, printing nothing, when arca exec
would refuse to start.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := sf.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			r, err := sf.reader(cmd.Context())
			if err != nil {
				return err
			}
			res, err := sf.resolve(cmd.Context(), r)
			if err != nil {
				return err
			}
			if err := res.Err(strict); err != nil {
				return err
			}
			return inject.Write(cmd.OutOrStdout(), res.Vars(), format, showSensitive)
		},
	}
	f := cmd.Flags()
	sf.register(f)
	f.StringVar(&format, "format", inject.FormatDotenv, "dotenv, shell or json")
	f.BoolVar(&showSensitive, "show-sensitive", false, "print the values of sensitive variables too")
	f.BoolVar(&strict, "strict", false, "every declared variable must resolve and none may be \"placeholder\"")
	return cmd
}
