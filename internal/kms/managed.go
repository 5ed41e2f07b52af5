package kms

import (
	"context"
	"fmt"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// managedKey describes an AWS-managed key: the service that creates it on
// first use and the policy AWS gives it.
type managedKey struct {
	service     string // the service's endpoint prefix, e.g. "ssm"
	display     string // the service as the policy's statement names it
	description string
	actions     string // the usage actions the service may perform
}

var managed = map[string]managedKey{
	"alias/aws/ssm": {
		service: "ssm", display: "SSM",
		description: "Default key that protects my SSM data when no other key is defined",
		actions:     `"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"`,
	},
	"alias/aws/secretsmanager": {
		service: "secretsmanager", display: "AWS Secrets Manager",
		description: "Default key that protects my Secrets Manager data when no other key is defined",
		actions:     `"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"`,
	},
}

// ManagedAlias reports whether alias names an AWS-managed key that is created
// on first use.
func ManagedAlias(alias string) bool {
	_, ok := managed[alias]
	return ok
}

// policy returns the key policy AWS gives the managed key: the service may
// use it on behalf of the account's principals, and the account may read
// its metadata — nothing else, so the account cannot manage it.
func (m managedKey) policy(region, account string) string {
	return fmt.Sprintf(`{
  "Version" : "2012-10-17",
  "Id" : "auto-%[1]s-2",
  "Statement" : [ {
    "Sid" : "Allow access through %[2]s for all principals in the account that are authorized to use %[2]s",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ %[3]s ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "%[4]s",
        "kms:ViaService" : "%[1]s.%[5]s.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "%[6]s"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
    "Resource" : "*"
  } ]
}`, m.service, m.display, m.actions, account, region, rootARN(region, account))
}

// createManagedTx creates the AWS-managed key that alias names, and the
// alias.
func (s *Service) createManagedTx(tx storage.Tx, region, alias string) (*Key, error) {
	m := managed[alias]
	k, err := s.createTx(tx, region, ManagerAWS, CreateInput{Description: m.description, Policy: m.policy(region, s.account)})
	if err != nil {
		return nil, err
	}
	if err := s.putAlias(tx, region, Alias{Name: alias, KeyID: k.ID, Created: k.Created, Updated: k.Created}); err != nil {
		return nil, err
	}
	return k, nil
}

// denyManaged refuses to manage an AWS-managed key with EDenied, as AWS
// does: the managed key's policy lets the account read its metadata and
// nothing else.
func denyManaged(ctx context.Context, k *Key, action string) error {
	if k.Manager != ManagerAWS {
		return nil
	}
	principal := rootARN(k.Region, k.Account)
	if c := arca.CallerFrom(ctx); c != nil && c.ARN != "" {
		principal = c.ARN
	}
	return arca.Errorf(arca.EDenied, "User: %s is not authorized to perform: kms:%s on resource: %s because no resource-based policy allows the kms:%s action", principal, action, k.ARN(), action)
}
