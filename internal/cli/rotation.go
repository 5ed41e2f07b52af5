package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/spf13/cobra"
)

// rotationCmd is `arca rotation`: the state of secret rotation on a
// running server.
func rotationCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "rotation", Short: "Secret rotation on a running server (status)"}
	cmd.AddCommand(rotationStatusCmd())
	return cmd
}

// rotationStatusCmd is `arca rotation status`: ListSecrets, then a
// DescribeSecret per rotating secret for arca's ArcaRotationStatus member
// (which SDKs drop, so it is read from the raw answer). It needs only the
// Secrets Manager API and the caller's own permissions.
func rotationStatusCmd() *cobra.Command {
	var f clientFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "List every secret with rotation configured: schedule, last result, next date",
		Long: "status lists the secrets of the region that have rotation configured, with their\n" +
			"function, schedule, last rotation, next rotation date and the last attempt's result\n" +
			"(a failure shows its step, message and attempts). Credentials come from the AWS_*\n" +
			"environment, the endpoint from --endpoint or $ARCA_ENDPOINT.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			ctx := cmd.Context()
			if f.timeout > 0 {
				var cancel func()
				ctx, cancel = context.WithTimeout(ctx, f.timeout)
				defer cancel()
			}
			cfg, err := f.awsConfig(ctx)
			if err != nil {
				return err
			}
			raw := &rawCapture{next: cfg.HTTPClient}
			if raw.next == nil {
				raw.next = http.DefaultClient
			}
			sm := secretsmanager.NewFromConfig(cfg)
			var rows []smtypes.SecretListEntry
			p := secretsmanager.NewListSecretsPaginator(sm, &secretsmanager.ListSecretsInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return fmt.Errorf("list secrets: %w", err)
				}
				for _, e := range page.SecretList {
					if e.RotationEnabled != nil || e.RotationLambdaARN != nil {
						rows = append(rows, e)
					}
				}
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "SECRET\tENABLED\tFUNCTION\tSCHEDULE\tLAST ROTATED\tNEXT ROTATION\tLAST RESULT")
			for _, e := range rows {
				_, err := sm.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: e.ARN}, func(o *secretsmanager.Options) { o.HTTPClient = raw })
				if err != nil {
					return fmt.Errorf("describe %s: %w", aws.ToString(e.Name), err)
				}
				var out struct {
					ArcaRotationStatus *struct {
						LastResult, PendingVersionId, LastCompletedStep, FailedStep, FailureMessage, RunningOn string
						FailedAttempts                                                                         int
						NextAttemptDate                                                                        float64
					}
				}
				_ = json.Unmarshal(raw.last(), &out)
				result := "-"
				if st := out.ArcaRotationStatus; st != nil {
					result = st.LastResult
					if st.FailedStep != "" && st.LastResult == "failed" {
						result = fmt.Sprintf("failed at %s (attempt %d): %s", st.FailedStep, st.FailedAttempts, st.FailureMessage)
					}
					if st.PendingVersionId != "" {
						step := st.LastCompletedStep
						if step == "" {
							step = "none"
						}
						result += fmt.Sprintf("; in progress (last step %s", step)
						if st.NextAttemptDate > 0 {
							result += ", next attempt " + fmtTime(time.Unix(0, int64(st.NextAttemptDate*1e9)))
						}
						if st.RunningOn != "" {
							result += ", on " + st.RunningOn
						}
						result += ")"
					}
				}
				fmt.Fprintf(w, "%s\t%v\t%s\t%s\t%s\t%s\t%s\n", aws.ToString(e.Name), aws.ToBool(e.RotationEnabled),
					functionName(aws.ToString(e.RotationLambdaARN)), schedule(e.RotationRules),
					fmtTime(aws.ToTime(e.LastRotatedDate)), fmtTime(aws.ToTime(e.NextRotationDate)), result)
			}
			return w.Flush()
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func schedule(r *smtypes.RotationRulesType) string {
	if r == nil {
		return "-"
	}
	s := aws.ToString(r.ScheduleExpression)
	if r.AutomaticallyAfterDays != nil {
		s = fmt.Sprintf("every %d days", *r.AutomaticallyAfterDays)
	}
	if d := aws.ToString(r.Duration); d != "" {
		s += " (window " + d + ")"
	}
	return s
}

func functionName(arn string) string {
	if i := bytes.LastIndex([]byte(arn), []byte(":function:")); i >= 0 {
		return arn[i+len(":function:"):]
	}
	if arn == "" {
		return "-"
	}
	return arn
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// rawCapture keeps the body of the last answer it carried.
type rawCapture struct {
	next aws.HTTPClient
	mu   sync.Mutex
	body []byte
}

func (c *rawCapture) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(req)
	if err != nil {
		return resp, err
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.body = b
	c.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func (c *rawCapture) last() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.body
}
