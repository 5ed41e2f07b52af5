package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/spf13/cobra"
)

// reviewRow is one line of an access review: what one principal may do
// with one parameter or secret.
type reviewRow struct {
	Principal string `json:"principal"`
	Kind      string `json:"kind"` // parameter or secret
	Resource  string `json:"resource"`
	Read      bool   `json:"read"`
	Write     bool   `json:"write"`
}

// reviewTarget is a resource and the actions that read and write it.
type reviewTarget struct {
	kind, name, arn, read, write string
}

// reviewCmd is `arca iam review`: for every user and role, which
// parameters and secrets it can read and write — the quarterly access
// review the runbooks ask for — computed by the server's own policy engine
// through SimulatePrincipalPolicy, so it says exactly what enforcement does.
func reviewCmd() *cobra.Command {
	var f clientFlags
	var prefix, format string
	var all bool
	cmd := &cobra.Command{
		Use:   "review [--resource-prefix P] [--format table|json] [--all]",
		Short: "List who can read and write which parameters and secrets",
		Long: "review lists every IAM user and role and, for each parameter and secret (optionally only\n" +
			"those whose name starts with --resource-prefix), whether its identity policies allow\n" +
			"reading (ssm:GetParameter, secretsmanager:GetSecretValue) and writing (ssm:PutParameter,\n" +
			"secretsmanager:PutSecretValue). Rows with neither are left out unless --all. The account's\n" +
			"root can do everything and is not listed. Reading a SecureString or a secret under a\n" +
			"customer key also needs kms:Decrypt on that key, which this review does not check.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: use table or json", format)
			}
			cfg, err := f.awsConfig(cmd.Context())
			if err != nil {
				return err
			}
			rows, err := review(cmd.Context(), cfg, prefix, all)
			if err != nil {
				return err
			}
			return printReview(cmd.OutOrStdout(), rows, format)
		},
	}
	fs := cmd.Flags()
	f.register(fs)
	fs.StringVar(&prefix, "resource-prefix", "", "only parameters and secrets whose name starts with this")
	fs.StringVar(&format, "format", "table", "table or json")
	fs.BoolVar(&all, "all", false, "also list pairs with neither read nor write access")
	return cmd
}

func review(ctx context.Context, cfg aws.Config, prefix string, all bool) ([]reviewRow, error) {
	ic := iam.NewFromConfig(cfg)
	var principals []string
	for p := iam.NewListUsersPaginator(ic, &iam.ListUsersInput{}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		for _, u := range page.Users {
			principals = append(principals, aws.ToString(u.Arn))
		}
	}
	for p := iam.NewListRolesPaginator(ic, &iam.ListRolesInput{}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		for _, r := range page.Roles {
			principals = append(principals, aws.ToString(r.Arn))
		}
	}
	targets, err := reviewTargets(ctx, cfg, prefix)
	if err != nil {
		return nil, err
	}
	var rows []reviewRow
	for _, pr := range principals {
		for _, t := range targets {
			out, err := ic.SimulatePrincipalPolicy(ctx, &iam.SimulatePrincipalPolicyInput{
				PolicySourceArn: aws.String(pr), ActionNames: []string{t.read, t.write}, ResourceArns: []string{t.arn},
			})
			if err != nil {
				return nil, fmt.Errorf("simulate %s on %s: %w", pr, t.name, err)
			}
			row := reviewRow{Principal: pr, Kind: t.kind, Resource: t.name}
			for _, r := range out.EvaluationResults {
				ok := r.EvalDecision == types.PolicyEvaluationDecisionTypeAllowed
				switch aws.ToString(r.EvalActionName) {
				case t.read:
					row.Read = ok
				case t.write:
					row.Write = ok
				}
			}
			if all || row.Read || row.Write {
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// reviewTargets lists the parameters and secrets under review.
func reviewTargets(ctx context.Context, cfg aws.Config, prefix string) ([]reviewTarget, error) {
	var out []reviewTarget
	for p := ssm.NewDescribeParametersPaginator(ssm.NewFromConfig(cfg), &ssm.DescribeParametersInput{}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe parameters: %w", err)
		}
		for _, m := range page.Parameters {
			if name := aws.ToString(m.Name); strings.HasPrefix(name, prefix) {
				out = append(out, reviewTarget{"parameter", name, aws.ToString(m.ARN), "ssm:GetParameter", "ssm:PutParameter"})
			}
		}
	}
	for p := secretsmanager.NewListSecretsPaginator(secretsmanager.NewFromConfig(cfg), &secretsmanager.ListSecretsInput{}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list secrets: %w", err)
		}
		for _, s := range page.SecretList {
			if name := aws.ToString(s.Name); strings.HasPrefix(name, prefix) {
				out = append(out, reviewTarget{"secret", name, aws.ToString(s.ARN), "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"})
			}
		}
	}
	return out, nil
}

func printReview(w io.Writer, rows []reviewRow, format string) error {
	if format == "json" {
		if rows == nil {
			rows = []reviewRow{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PRINCIPAL\tKIND\tRESOURCE\tREAD\tWRITE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Principal, r.Kind, r.Resource, yes(r.Read), yes(r.Write))
	}
	return tw.Flush()
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}
