package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/spf13/cobra"
)

// The people-facing audit queries (tail, search, who-read) are clients of a
// running server's CloudTrail LookupEvents, signed with the AWS_*
// credentials like any AWS client: they need cloudtrail:LookupEvents, and
// they work the same against one node or a cluster.

// auditEvent is the part of a CloudTrail event the queries print.
type auditEvent struct {
	EventTime         time.Time       `json:"eventTime"`
	EventSource       string          `json:"eventSource"`
	EventName         string          `json:"eventName"`
	SourceIPAddress   string          `json:"sourceIPAddress"`
	ErrorCode         string          `json:"errorCode"`
	ReadOnly          bool            `json:"readOnly"`
	RequestParameters json.RawMessage `json:"requestParameters"`
	UserIdentity      struct {
		ARN string `json:"arn"`
	} `json:"userIdentity"`
	Resources []struct {
		ARN string `json:"ARN"`
	} `json:"resources"`
	EventID string `json:"eventID"`
}

// names returns what the event was about: its resources' ARNs and the
// names in its request (secretId, name, names, keyId).
func (e *auditEvent) names() []string {
	var out []string
	for _, r := range e.Resources {
		out = append(out, r.ARN)
	}
	var req map[string]any
	if json.Unmarshal(e.RequestParameters, &req) == nil {
		for _, k := range []string{"secretId", "name", "keyId", "path"} {
			if s, ok := req[k].(string); ok {
				out = append(out, s)
			}
		}
		if l, ok := req["names"].([]any); ok {
			for _, v := range l {
				if s, ok := v.(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// about reports whether the event names resource: equal to a name, or an
// ARN that ends with ":secret:NAME-xxxxxx", ":parameter/NAME" or similar.
func (e *auditEvent) about(resource string) bool {
	for _, n := range e.names() {
		if n == resource || strings.HasPrefix(n, resource) && strings.Contains(resource, ":") {
			return true
		}
		trimmed := strings.TrimPrefix(resource, "/")
		if strings.HasSuffix(n, ":parameter/"+trimmed) || strings.Contains(n, ":secret:"+resource+"-") || strings.HasSuffix(n, ":secret:"+resource) {
			return true
		}
	}
	return false
}

func (e *auditEvent) line() string {
	outcome := "ok"
	if e.ErrorCode != "" {
		outcome = e.ErrorCode
	}
	res := ""
	if n := e.names(); len(n) > 0 {
		res = n[0]
	}
	return fmt.Sprintf("%s  %-28s %-22s %-15s %-60s %s  %s", e.EventTime.UTC().Format(time.RFC3339), e.EventSource, e.EventName, e.SourceIPAddress, e.UserIdentity.ARN, res, outcome)
}

// lookup pages through LookupEvents (newest first) and calls fn for each
// event until fn returns false.
func lookup(ctx context.Context, c *cloudtrail.Client, in *cloudtrail.LookupEventsInput, fn func(*auditEvent) bool) error {
	p := cloudtrail.NewLookupEventsPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("lookup-events: %w", err)
		}
		for _, ev := range out.Events {
			var e auditEvent
			if err := json.Unmarshal([]byte(aws.ToString(ev.CloudTrailEvent)), &e); err != nil {
				return fmt.Errorf("event %s: %w", aws.ToString(ev.EventId), err)
			}
			if !fn(&e) {
				return nil
			}
		}
	}
	return nil
}

// parseSince reads a look-back period: a Go duration ("36h", "15m") or a
// number of days ("90d").
func parseSince(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("--since %q: want e.g. 90d or 24h", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--since %q: want e.g. 90d or 24h", s)
	}
	return d, nil
}

// since reads the flags and the environment and returns the CloudTrail
// client and the start of the --since period.
func (f *clientFlags) since(cmd *cobra.Command, since string) (*cloudtrail.Client, time.Time, error) {
	if err := f.applyEnv(cmd.Flags()); err != nil {
		return nil, time.Time{}, err
	}
	back, err := parseSince(since)
	if err != nil {
		return nil, time.Time{}, err
	}
	c, err := f.cloudtrail(cmd.Context())
	return c, time.Now().Add(-back), err
}

func (f *clientFlags) cloudtrail(ctx context.Context) (*cloudtrail.Client, error) {
	cfg, err := f.awsConfig(ctx)
	if err != nil {
		return nil, err
	}
	return cloudtrail.NewFromConfig(cfg), nil
}

// auditSearchCmd is `arca audit search`.
func auditSearchCmd() *cobra.Command {
	var f clientFlags
	var eventName, user, resource, since string
	var max int
	cmd := &cobra.Command{
		Use:   "search [--event-name NAME] [--user NAME] [--resource NAME|ARN] [--since 24h]",
		Short: "Print the audit events that match, newest first",
		Long: "search asks a running server's CloudTrail LookupEvents for the events of the last\n" +
			"--since period that match every filter given, and prints one line per event: time,\n" +
			"source, event name, source address, principal ARN, resource, outcome.\n" +
			"Credentials come from the AWS_* environment, the endpoint from --endpoint or $ARCA_ENDPOINT.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, start, err := f.since(cmd, since)
			if err != nil {
				return err
			}
			in := &cloudtrail.LookupEventsInput{StartTime: aws.Time(start)}
			// One attribute is filtered by the server (CloudTrail allows
			// one); the others here.
			switch {
			case eventName != "":
				in.LookupAttributes = []types.LookupAttribute{{AttributeKey: types.LookupAttributeKeyEventName, AttributeValue: aws.String(eventName)}}
			case user != "":
				in.LookupAttributes = []types.LookupAttribute{{AttributeKey: types.LookupAttributeKeyUsername, AttributeValue: aws.String(user)}}
			}
			n := 0
			return lookup(cmd.Context(), c, in, func(e *auditEvent) bool {
				if eventName != "" && e.EventName != eventName || user != "" && !userMatch(e, user) || resource != "" && !e.about(resource) {
					return true
				}
				fmt.Fprintln(cmd.OutOrStdout(), e.line())
				n++
				return max <= 0 || n < max
			})
		},
	}
	fs := cmd.Flags()
	f.register(fs)
	fs.StringVar(&eventName, "event-name", "", "the operation, e.g. GetSecretValue")
	fs.StringVar(&user, "user", "", "the user name (or session name, or principal ARN)")
	fs.StringVar(&resource, "resource", "", "a secret or parameter name, or a resource ARN")
	fs.StringVar(&since, "since", "24h", "how far back: a duration (24h) or days (90d)")
	fs.IntVar(&max, "max", 0, "stop after this many events (0: all)")
	return cmd
}

func userMatch(e *auditEvent, user string) bool {
	arn := e.UserIdentity.ARN
	return arn == user || strings.HasSuffix(arn, "/"+user) || strings.HasSuffix(arn, ":"+user)
}

// auditWhoReadCmd is `arca audit who-read SECRET`.
func auditWhoReadCmd() *cobra.Command {
	var f clientFlags
	var since string
	cmd := &cobra.Command{
		Use:   "who-read SECRET [--since 90d]",
		Short: "List who read a secret or parameter, from where and when (incident response)",
		Long: "who-read prints every read of SECRET (a secret name, parameter name or ARN) in the\n" +
			"--since period, allowed or denied, newest first, followed by a summary per principal\n" +
			"and source address. It asks a running server's CloudTrail LookupEvents.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, start, err := f.since(cmd, since)
			if err != nil {
				return err
			}
			in := &cloudtrail.LookupEventsInput{
				StartTime:        aws.Time(start),
				LookupAttributes: []types.LookupAttribute{{AttributeKey: types.LookupAttributeKeyReadOnly, AttributeValue: aws.String("true")}},
			}
			type who struct{ principal, ip string }
			counts := map[who]int{}
			var order []who
			err = lookup(cmd.Context(), c, in, func(e *auditEvent) bool {
				if !isRead(e.EventName) || !e.about(args[0]) {
					return true
				}
				fmt.Fprintln(cmd.OutOrStdout(), e.line())
				k := who{e.UserIdentity.ARN, e.SourceIPAddress}
				if counts[k] == 0 {
					order = append(order, k)
				}
				counts[k]++
				return true
			})
			if err != nil {
				return err
			}
			printWhoSummary(cmd.OutOrStdout(), args[0], since, len(order), func(i int) (string, string, int) {
				k := order[i]
				return k.principal, k.ip, counts[k]
			})
			return nil
		},
	}
	fs := cmd.Flags()
	f.register(fs)
	fs.StringVar(&since, "since", "90d", "how far back: a duration (24h) or days (90d)")
	return cmd
}

func printWhoSummary(w io.Writer, name, since string, n int, at func(int) (string, string, int)) {
	if n == 0 {
		fmt.Fprintf(w, "no reads of %s in the last %s\n", name, since)
		return
	}
	fmt.Fprintf(w, "\nreads of %s in the last %s, by principal and source:\n", name, since)
	for i := 0; i < n; i++ {
		p, ip, c := at(i)
		fmt.Fprintf(w, "  %6d  %-60s %s\n", c, p, ip)
	}
}

// isRead reports whether an operation reads a value.
func isRead(op string) bool {
	switch op {
	case "GetSecretValue", "BatchGetSecretValue", "GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory", "Decrypt":
		return true
	}
	return false
}

// auditTailCmd is `arca audit tail`.
func auditTailCmd() *cobra.Command {
	var f clientFlags
	var n int
	var follow bool
	var every time.Duration
	cmd := &cobra.Command{
		Use:   "tail [-n 20] [-f]",
		Short: "Print the latest audit events; with -f, keep printing new ones",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := f.applyEnv(cmd.Flags()); err != nil {
				return err
			}
			c, err := f.cloudtrail(cmd.Context())
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var latest []*auditEvent
			err = lookup(ctx, c, &cloudtrail.LookupEventsInput{}, func(e *auditEvent) bool {
				latest = append(latest, e)
				return len(latest) < n
			})
			if err != nil {
				return err
			}
			seen := map[string]bool{}
			since := time.Now().Add(-time.Minute)
			for i := len(latest) - 1; i >= 0; i-- {
				fmt.Fprintln(cmd.OutOrStdout(), latest[i].line())
				seen[latest[i].EventID] = true
				since = latest[i].EventTime
			}
			for follow {
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(every):
				}
				var fresh []*auditEvent
				err := lookup(ctx, c, &cloudtrail.LookupEventsInput{StartTime: aws.Time(since)}, func(e *auditEvent) bool {
					if !seen[e.EventID] {
						fresh = append(fresh, e)
					}
					return true
				})
				if err != nil {
					return err
				}
				for i := len(fresh) - 1; i >= 0; i-- {
					fmt.Fprintln(cmd.OutOrStdout(), fresh[i].line())
					seen[fresh[i].EventID] = true
					since = fresh[i].EventTime
				}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	f.register(fs)
	fs.IntVarP(&n, "lines", "n", 20, "how many of the latest events to print first")
	fs.BoolVarP(&follow, "follow", "f", false, "keep printing new events")
	fs.DurationVar(&every, "interval", 2*time.Second, "how often to poll with -f")
	return cmd
}
