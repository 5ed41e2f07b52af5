package cli

import (
	"github.com/spf13/cobra"
)

// auditCmd is `arca audit`: verify the log, export its public key, and
// query it (tail, search, who-read).
func auditCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Verify, export and query the audit log",
		Long: "audit verify and audit public-key read a stopped server's data dir (--data-dir) or a\n" +
			"running server (--endpoint); tail, search and who-read ask a running server's\n" +
			"CloudTrail LookupEvents with the AWS_* credentials.",
	}
	cmd.AddCommand(auditTailCmd(), auditSearchCmd(), auditWhoReadCmd())
	cmd.AddCommand(auditOfflineCmds()...)
	return cmd
}
