package kms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/storage"
)

// PolicyName is the name of a key's policy; KMS keys have exactly one.
const PolicyName = "default"

// MaxPolicyBytes is the size quota of a key policy.
const MaxPolicyBytes = 32768

// DefaultPolicy returns the key policy that CreateKey gives a key when the
// request names none, as AWS words it: the account's root principal may do
// everything, which lets IAM policies decide.
func DefaultPolicy(region, account string) string {
	return fmt.Sprintf(`{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "%s"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`, rootARN(region, account))
}

func rootARN(region, account string) string {
	return arca.ARN("iam", region, account, "root", true)
}

// ValidatePolicy checks that doc is a key policy: a JSON object with a
// non-empty Statement whose every statement has an Effect of Allow or Deny,
// a principal, an action and a resource. Errors: ELimit past MaxPolicyBytes,
// EBadPolicy.
func ValidatePolicy(doc string) error {
	if len(doc) > MaxPolicyBytes {
		return arca.Errorf(arca.ELimit, "The key policy is %d bytes; the quota is %d bytes.", len(doc), MaxPolicyBytes)
	}
	var p struct {
		Version   *string         `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return arca.Errorf(arca.EBadPolicy, "The key policy is not a valid JSON object.")
	}
	if p.Version != nil && *p.Version != "2012-10-17" && *p.Version != "2008-10-17" {
		return arca.Errorf(arca.EBadPolicy, "The policy Version must be 2012-10-17 or 2008-10-17.")
	}
	stmts, err := statements(p.Statement)
	if err != nil {
		return err
	}
	for i, st := range stmts {
		if err := checkStatement(i+1, st); err != nil {
			return err
		}
	}
	return nil
}

// statements accepts one statement object or a non-empty array of them.
func statements(raw json.RawMessage) ([]map[string]json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, arca.Errorf(arca.EBadPolicy, "The key policy has no Statement.")
	}
	var list []map[string]json.RawMessage
	if raw[0] == '{' {
		var one map[string]json.RawMessage
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, arca.Errorf(arca.EBadPolicy, "The policy Statement must be an object or an array of objects.")
		}
		list = append(list, one)
	} else if err := json.Unmarshal(raw, &list); err != nil {
		return nil, arca.Errorf(arca.EBadPolicy, "The policy Statement must be an object or an array of objects.")
	}
	if len(list) == 0 {
		return nil, arca.Errorf(arca.EBadPolicy, "The key policy has no Statement.")
	}
	return list, nil
}

func checkStatement(n int, st map[string]json.RawMessage) error {
	if st == nil {
		return arca.Errorf(arca.EBadPolicy, "Policy statement %d is not an object.", n)
	}
	var effect string
	if err := json.Unmarshal(st["Effect"], &effect); err != nil || (effect != "Allow" && effect != "Deny") {
		return arca.Errorf(arca.EBadPolicy, "Policy statement %d must have an Effect of Allow or Deny.", n)
	}
	for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if st[pair[0]] == nil && st[pair[1]] == nil {
			return arca.Errorf(arca.EBadPolicy, "Policy statement %d has no %s.", n, pair[0])
		}
	}
	return nil
}

// GetPolicy returns the policy of the key that ref (a key id or key ARN)
// names; name is PolicyName or "". Errors: EKeyInvalid, ENotFound for
// another policy name.
func (s *Service) GetPolicy(ctx context.Context, region, ref, name string) (string, error) {
	if name != "" && name != PolicyName {
		return "", arca.Errorf(arca.ENotFound, "No such policy exists: %s", name)
	}
	var doc string
	err := s.view(ctx, region, ref, false, func(tx storage.Tx, k *Key) error {
		var err error
		doc, err = s.policyOf(tx, k)
		return err
	})
	return doc, err
}

// PutPolicy replaces the policy of the customer key that ref (a key id or
// key ARN) names; name is PolicyName or "". The document is stored as given
// and evaluated on every use of the key (see authorize.go).
// Unless bypass is set (BypassPolicyLockoutSafetyCheck), the new policy
// must let the caller call PutKeyPolicy afterwards (see checkLockout).
// Errors: EKeyInvalid, ENotFound for another policy name, EDenied for an
// AWS-managed key, ELimit, EBadPolicy (also for a policy that would lock
// the caller out).
func (s *Service) PutPolicy(ctx context.Context, region, ref, name, doc string) error {
	return s.PutPolicyBypass(ctx, region, ref, name, doc, false)
}

// PutPolicyBypass is PutPolicy with the lockout safety check skipped when
// bypass is true, as BypassPolicyLockoutSafetyCheck does.
func (s *Service) PutPolicyBypass(ctx context.Context, region, ref, name, doc string, bypass bool) error {
	if name != "" && name != PolicyName {
		return arca.Errorf(arca.ENotFound, "No such policy exists: %s", name)
	}
	_, err := s.update(ctx, region, ref, func(_ storage.Tx, k *Key) error {
		if err := denyManaged(ctx, k, "PutKeyPolicy"); err != nil {
			return err
		}
		if err := ValidatePolicy(doc); err != nil {
			return err
		}
		if !bypass {
			if err := s.checkLockout(ctx, k, doc); err != nil {
				return err
			}
		}
		k.Policy = doc
		return nil
	})
	return err
}

// policyOf returns k's stored policy, or the one it has by default.
func (s *Service) policyOf(tx storage.Tx, k *Key) (string, error) {
	if k.Policy != "" {
		return k.Policy, nil
	}
	if k.Manager != ManagerAWS {
		return DefaultPolicy(k.Region, k.Account), nil
	}
	aliases, err := s.aliasesOf(tx, k.Region, k.ID)
	if err != nil {
		return "", err
	}
	for _, a := range aliases {
		if m, ok := managed[a.Name]; ok {
			return m.policy(k.Region, k.Account), nil
		}
	}
	return DefaultPolicy(k.Region, k.Account), nil
}
