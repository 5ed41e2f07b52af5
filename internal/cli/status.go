package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/arca-vault/arca/internal/inject"
	"github.com/spf13/cobra"
)

func statusCmd() *cobra.Command {
	var sf sourceFlags
	var format string
	cmd := &cobra.Command{
		Use:   "status [sources]",
		Short: "Report, per declared variable, whether it is set, a placeholder, missing or not readable",
		Long: `Resolve the sources as arca exec would and print one line per variable
(never a value):

  set            read from its source
  placeholder    read, but the value is still "placeholder"
  default        not found; its default applies
  unset          not found; optional, so it is left out
  missing        not found and required
  not readable   the caller may not read it
  error          the read failed (e.g. the server did not answer)

Exit status 1 when arca exec would refuse to start or a required variable
is a placeholder.`,
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
			if err := printStatus(cmd.OutOrStdout(), res, format); err != nil {
				return err
			}
			bad := 0
			for _, o := range res.Outcomes {
				if o.Status >= inject.StatusMissing || (o.Var.Required && o.Placeholder) {
					bad++
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d of %d variables need attention", bad, len(res.Outcomes))
			}
			return nil
		},
	}
	f := cmd.Flags()
	sf.register(f)
	f.StringVar(&format, "format", "table", "table or json")
	return cmd
}

// statusRow is one variable in `arca status` output.
type statusRow struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Required bool   `json:"required"`
	Source   string `json:"source"`
	Declared string `json:"declared"`
	Reason   string `json:"reason,omitempty"`
}

func statusRows(res *inject.Result) []statusRow {
	var rows []statusRow
	for _, o := range res.Outcomes {
		row := statusRow{Name: o.Var.Name, Status: o.Status.String(), Required: o.Var.Required, Source: o.Where, Declared: o.Var.Origin}
		if o.Placeholder {
			row.Status = "placeholder"
		}
		if o.Status != inject.StatusSet && o.Err != nil {
			row.Reason = o.Err.Error()
		}
		rows = append(rows, row)
	}
	return rows
}

func printStatus(w io.Writer, res *inject.Result, format string) error {
	rows := statusRows(res)
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []statusRow{}
		}
		return enc.Encode(rows)
	case "table":
	default:
		return fmt.Errorf("unknown format %q (want table or json)", format)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tSTATUS\tREQUIRED\tSOURCE")
	for _, r := range rows {
		req := "no"
		if r.Required {
			req = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Status, req, r.Source)
	}
	return tw.Flush()
}
