package authz_test

import (
	"fmt"
	"time"

	"github.com/arca-vault/arca/internal/authz"
)

func Example() {
	policy, err := authz.Parse([]byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadOwnParams", "Effect": "Allow", "Action": "ssm:GetParameter*",
     "Resource": "arn:aws:ssm:*:*:parameter/prod/web/*"},
    {"Sid": "NoPlainText", "Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
  ]
}`), authz.Identity, authz.MaxSize(authz.MaxManagedPolicySize))
	if err != nil {
		fmt.Println(err)
		return
	}
	policy.ID = "arn:aws:iam::111122223333:policy/web-task"

	ctx := map[string][]string{authz.KeySecureTransport: {"true"}}
	authz.SetTime(ctx, time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	req := authz.Request{
		Principal: authz.Principal{
			ARN:     "arn:aws:sts::111122223333:assumed-role/web-task/ecs-1",
			Account: "111122223333",
			Type:    authz.AssumedRole,
			RoleARN: "arn:aws:iam::111122223333:role/web-task",
		},
		Action:   "ssm:GetParameter",
		Resource: "arn:aws:ssm:us-east-1:111122223333:parameter/prod/web/DATABASE_HOST",
		Context:  ctx,
	}
	set := authz.Set{Identity: []*authz.Policy{policy}}

	d := authz.Evaluate(req, set)
	fmt.Println(d.Outcome, d.Reason.Sid)

	req.Resource = "arn:aws:ssm:us-east-1:111122223333:parameter/prod/worker/QUEUE_URL"
	d = authz.Evaluate(req, set)
	fmt.Println(d.Outcome, d.Reason.Note)

	ctx[authz.KeySecureTransport] = []string{"false"}
	d = authz.Evaluate(req, set)
	fmt.Println(d.Outcome, d.Reason.Sid)
	// Output:
	// Allow ReadOwnParams
	// ImplicitDeny no identity-based policy allows the action
	// ExplicitDeny NoPlainText
}

func ExampleParse_error() {
	_, err := authz.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Permit", "Action": "*", "Resource": "*"}]}`), authz.Identity)
	fmt.Println(err)
	// Output: Statement[1].Effect: must be Allow or Deny
}
