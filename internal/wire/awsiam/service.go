package awsiam

import (
	"context"
	"log/slog"

	"github.com/arca-vault/arca"
	"github.com/arca-vault/arca/internal/identity"
	"github.com/arca-vault/arca/internal/wire/awsquery"
)

// Authorizer decides whether the caller in ctx may perform an IAM action
// ("iam:CreateUser") on a resource ARN; it returns nil to allow and an
// *arca.Error with code EDenied to refuse. Every operation calls it before
// touching the core. It is the hook through which policy enforcement
// reaches IAM; AllowAll is the placeholder until that lands.
type Authorizer func(ctx context.Context, action, resource string) error

// AllowAll is the Authorizer that allows every authenticated caller. The
// root principal may do everything in any case; for other principals this
// is the placeholder until policy enforcement is wired in.
func AllowAll(context.Context, string, string) error { return nil }

// New returns the IAM dialect over the identity core. authorize may be nil
// (AllowAll).
func New(id *identity.Service, authorize Authorizer, log *slog.Logger) *awsquery.Service {
	if authorize == nil {
		authorize = AllowAll
	}
	h := &handler{id: id, authorize: authorize}
	return &awsquery.Service{
		SigningName: "iam",
		Namespace:   "https://iam.amazonaws.com/doc/2010-05-08/",
		Version:     "2010-05-08",
		Errors:      mapError,
		Log:         log,
		Ops: map[string]awsquery.Op{
			"CreateUser":   awsquery.Handler(h.createUser),
			"GetUser":      awsquery.Handler(h.getUser),
			"ListUsers":    awsquery.Handler(h.listUsers),
			"DeleteUser":   awsquery.Handler(h.deleteUser),
			"TagUser":      awsquery.Handler(h.tagUser),
			"UntagUser":    awsquery.Handler(h.untagUser),
			"ListUserTags": awsquery.Handler(h.listUserTags),

			"PutUserPermissionsBoundary":    awsquery.Handler(h.putBoundary(identity.KindUser)),
			"PutRolePermissionsBoundary":    awsquery.Handler(h.putBoundary(identity.KindRole)),
			"DeleteUserPermissionsBoundary": awsquery.Handler(h.deleteBoundary(identity.KindUser)),
			"DeleteRolePermissionsBoundary": awsquery.Handler(h.deleteBoundary(identity.KindRole)),

			"CreateAccessKey":      awsquery.Handler(h.createAccessKey),
			"ListAccessKeys":       awsquery.Handler(h.listAccessKeys),
			"UpdateAccessKey":      awsquery.Handler(h.updateAccessKey),
			"DeleteAccessKey":      awsquery.Handler(h.deleteAccessKey),
			"GetAccessKeyLastUsed": awsquery.Handler(h.getAccessKeyLastUsed),

			"CreateGroup":         awsquery.Handler(h.createGroup),
			"GetGroup":            awsquery.Handler(h.getGroup),
			"ListGroups":          awsquery.Handler(h.listGroups),
			"DeleteGroup":         awsquery.Handler(h.deleteGroup),
			"AddUserToGroup":      awsquery.Handler(h.addUserToGroup),
			"RemoveUserFromGroup": awsquery.Handler(h.removeUserFromGroup),
			"ListGroupsForUser":   awsquery.Handler(h.listGroupsForUser),

			"CreateRole":             awsquery.Handler(h.createRole),
			"GetRole":                awsquery.Handler(h.getRole),
			"ListRoles":              awsquery.Handler(h.listRoles),
			"DeleteRole":             awsquery.Handler(h.deleteRole),
			"UpdateRole":             awsquery.Handler(h.updateRole),
			"UpdateAssumeRolePolicy": awsquery.Handler(h.updateAssumeRolePolicy),
			"TagRole":                awsquery.Handler(h.tagRole),
			"UntagRole":              awsquery.Handler(h.untagRole),
			"ListRoleTags":           awsquery.Handler(h.listRoleTags),

			"PutUserPolicy":     awsquery.Handler(h.putInline(identity.KindUser)),
			"PutGroupPolicy":    awsquery.Handler(h.putInline(identity.KindGroup)),
			"PutRolePolicy":     awsquery.Handler(h.putInline(identity.KindRole)),
			"GetUserPolicy":     awsquery.Handler(h.getInline(identity.KindUser)),
			"GetGroupPolicy":    awsquery.Handler(h.getInline(identity.KindGroup)),
			"GetRolePolicy":     awsquery.Handler(h.getInline(identity.KindRole)),
			"DeleteUserPolicy":  awsquery.Handler(h.deleteInline(identity.KindUser)),
			"DeleteGroupPolicy": awsquery.Handler(h.deleteInline(identity.KindGroup)),
			"DeleteRolePolicy":  awsquery.Handler(h.deleteInline(identity.KindRole)),
			"ListUserPolicies":  awsquery.Handler(h.listInline(identity.KindUser)),
			"ListGroupPolicies": awsquery.Handler(h.listInline(identity.KindGroup)),
			"ListRolePolicies":  awsquery.Handler(h.listInline(identity.KindRole)),

			"CreatePolicy":            awsquery.Handler(h.createPolicy),
			"GetPolicy":               awsquery.Handler(h.getPolicy),
			"DeletePolicy":            awsquery.Handler(h.deletePolicy),
			"ListPolicies":            awsquery.Handler(h.listPolicies),
			"CreatePolicyVersion":     awsquery.Handler(h.createPolicyVersion),
			"GetPolicyVersion":        awsquery.Handler(h.getPolicyVersion),
			"DeletePolicyVersion":     awsquery.Handler(h.deletePolicyVersion),
			"ListPolicyVersions":      awsquery.Handler(h.listPolicyVersions),
			"SetDefaultPolicyVersion": awsquery.Handler(h.setDefaultPolicyVersion),

			"AttachUserPolicy":          awsquery.Handler(h.attach(identity.KindUser)),
			"AttachGroupPolicy":         awsquery.Handler(h.attach(identity.KindGroup)),
			"AttachRolePolicy":          awsquery.Handler(h.attach(identity.KindRole)),
			"DetachUserPolicy":          awsquery.Handler(h.detach(identity.KindUser)),
			"DetachGroupPolicy":         awsquery.Handler(h.detach(identity.KindGroup)),
			"DetachRolePolicy":          awsquery.Handler(h.detach(identity.KindRole)),
			"ListAttachedUserPolicies":  awsquery.Handler(h.listAttached(identity.KindUser)),
			"ListAttachedGroupPolicies": awsquery.Handler(h.listAttached(identity.KindGroup)),
			"ListAttachedRolePolicies":  awsquery.Handler(h.listAttached(identity.KindRole)),
			"ListEntitiesForPolicy":     awsquery.Handler(h.listEntitiesForPolicy),

			"SimulatePrincipalPolicy": awsquery.Handler(h.simulatePrincipalPolicy),
			"SimulateCustomPolicy":    awsquery.Handler(h.simulateCustomPolicy),
		},
	}
}

type handler struct {
	id        *identity.Service
	authorize Authorizer
}

// arn is the ARN of an IAM resource of the caller's account, for the
// Authorizer: "user/alice", "role/r", "policy/p" (paths are not known before
// the entity is read and are left out).
func (h *handler) arn(ctx context.Context, resource string) string {
	region := "us-east-1"
	if c := arca.CallerFrom(ctx); c != nil && c.Region != "" {
		region = c.Region
	}
	return arca.ARN("iam", region, h.id.Account(), resource, true)
}

// allow asks the Authorizer about action on resource ("user/alice").
func (h *handler) allow(ctx context.Context, action, resource string) error {
	return h.authorize(ctx, "iam:"+action, h.arn(ctx, resource))
}
