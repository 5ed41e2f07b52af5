// Package e2e holds arca's whole-system tests: the server started
// in-process (or as the built binary) and driven by the official clients —
// aws-sdk-go-v2 here, the aws CLI and boto3 in the acceptance suite.
package e2e
