package cli

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/spf13/cobra"
)

// iamCmd is `arca iam`: questions about who may do what, asked of a
// running server through its IAM API.
func iamCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "iam", Short: "Ask the server's IAM policy engine (simulate, review)"}
	cmd.AddCommand(simulateCmd(), reviewCmd())
	return cmd
}

// simulateCmd is `arca iam simulate`: a client of SimulatePrincipalPolicy.
func simulateCmd() *cobra.Command {
	var f clientFlags
	var principal, action, resource string
	var kv []string
	cmd := &cobra.Command{
		Use:   "simulate --principal ARN --action ACTION --resource ARN [--context key=value...]",
		Short: "Say whether a principal may perform an action on a resource, and which statement decides",
		Long: "simulate asks the server's SimulatePrincipalPolicy API whether the user, group or role\n" +
			"PRINCIPAL may perform ACTION on RESOURCE under its identity policies, and prints\n" +
			"\"allowed\" or \"denied\" with the deciding policy. It exits 0 either way; credentials\n" +
			"come from the AWS_* environment, the endpoint from --endpoint or $ARCA_ENDPOINT.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if principal == "" || action == "" {
				return fmt.Errorf("--principal and --action are required")
			}
			in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(principal), ActionNames: []string{action}}
			if resource != "" {
				in.ResourceArns = []string{resource}
			}
			for _, e := range kv {
				k, v, ok := strings.Cut(e, "=")
				if !ok || k == "" {
					return fmt.Errorf("--context %q: want key=value", e)
				}
				in.ContextEntries = append(in.ContextEntries, types.ContextEntry{
					ContextKeyName: aws.String(k), ContextKeyValues: strings.Split(v, ","), ContextKeyType: types.ContextKeyTypeEnumStringList,
				})
			}
			cfg, err := f.awsConfig(cmd.Context())
			if err != nil {
				return err
			}
			out, err := iam.NewFromConfig(cfg).SimulatePrincipalPolicy(cmd.Context(), in)
			if err != nil {
				return fmt.Errorf("simulate: %w", err)
			}
			for _, r := range out.EvaluationResults {
				printResult(cmd, r)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	f.register(fs)
	fs.StringVar(&principal, "principal", "", "the ARN of the user, group or role")
	fs.StringVar(&action, "action", "", "the action, e.g. ssm:GetParameter")
	fs.StringVar(&resource, "resource", "", "the resource ARN (default *)")
	fs.StringArrayVar(&kv, "context", nil, "a condition key and its value(s), key=v1[,v2] (repeatable)")
	return cmd
}

// printResult prints one decision: "allowed" or "denied", the action and
// resource, and the deciding statement(s).
func printResult(cmd *cobra.Command, r types.EvaluationResult) {
	word := "denied"
	if r.EvalDecision == types.PolicyEvaluationDecisionTypeAllowed {
		word = "allowed"
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "%s\t%s on %s (%s)\n", word, aws.ToString(r.EvalActionName), aws.ToString(r.EvalResourceName), r.EvalDecision)
	for _, s := range r.MatchedStatements {
		at := ""
		if s.StartPosition != nil && s.EndPosition != nil {
			at = fmt.Sprintf(", statement at %d:%d-%d:%d", s.StartPosition.Line, s.StartPosition.Column, s.EndPosition.Line, s.EndPosition.Column)
		}
		fmt.Fprintf(w, "\tdecided by %s policy %s%s\n", s.SourcePolicyType, aws.ToString(s.SourcePolicyId), at)
	}
	if len(r.MatchedStatements) == 0 && word == "denied" {
		fmt.Fprintln(w, "\tno statement allows it")
	}
}
