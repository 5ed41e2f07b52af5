package identity_test

import (
	"context"
	"fmt"
	"time"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/authz"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/keyring"
	"github.com/arca-vault/arca/internal/storage/memory"
)

// A user with an inline policy authenticates with its access key; PolicySet
// gives the policy engine what it needs to decide its requests.
func ExampleService_PolicySet() {
	root, _ := keyring.NewRoot(make([]byte, keyring.KeySize))
	id := identity.New(identity.Config{Store: memory.New(), Root: root, Account: "000000000000", Now: time.Now})
	ctx := context.Background()
	_, _ = id.CreateUser(ctx, "web", "/", nil)
	_ = id.PutInlinePolicy(ctx, identity.KindUser, "web", "read", `{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Action":"ssm:GetParameter*","Resource":"arn:aws:ssm:*:*:parameter/prod/${aws:username}/*"}]}`)
	key, _ := id.CreateAccessKey(ctx, "web")

	caller, _ := id.Authenticate(ctx, key.ID, "", "us-east-1", "ssm")
	pol, _ := id.PolicySet(ctx, caller)
	for _, res := range []string{"parameter/prod/web/DB", "parameter/prod/worker/DB"} {
		d := authz.Evaluate(authz.Request{Principal: pol.Principal, Action: "ssm:GetParameter",
			Resource: arca.ARN("ssm", "us-east-1", "000000000000", res, false)}, pol.Set())
		fmt.Println(caller.ARN, res, d.Allowed)
	}
	// Output:
	// arn:aws:iam::000000000000:user/web parameter/prod/web/DB true
	// arn:aws:iam::000000000000:user/web parameter/prod/worker/DB false
}
