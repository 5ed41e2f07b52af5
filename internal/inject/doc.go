// Package inject resolves the environment variables that `arca exec`,
// `arca env` and `arca status` hand to an application: one resolver, three
// front ends.
//
//   - a vars.yaml manifest (ParseVars), with local bootstrap values
//     (ParseEnvFile), SSM parameters under <namespace>/<service>/, Secrets
//     Manager secrets named by another variable (secret.arn_from) and
//     composed values (compose.template, compose.encode);
//   - an ECS task definition's container (ParseTaskDefinition), whose
//     secrets[].valueFrom follows the ECS agent's rules (ParseValueFrom);
//   - every parameter under an SSM path (ExpandPath, PathVarName).
//
// Sources become []Var; Merge combines them (a later source wins) and
// Resolve turns them into a Result: one Outcome per variable, never
// failing fast, so that `arca status` can report every variable and
// `arca exec` can refuse to start with an error naming each one.
//
// All reads go through the Reader interface (one call per AWS request;
// Resolve does the batching: GetParameters in tens, secrets in twenties),
// so the resolution rules are tested without a server; package
// inject/awsread implements Reader with aws-sdk-go-v2.
//
// Secret values never appear in an error or in a String method of this
// package: errors name variables, parameters and secrets, never values.
// The package does no I/O of its own besides what Reader does, and writes
// nothing to disk. It must not import the server, the core services or an
// AWS service client (only the SDK's ARN parser); see docs/injection.md
// for the user-facing rules.
package inject
