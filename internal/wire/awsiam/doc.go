// Package awsiam is the AWS IAM dialect: the Query-protocol operations on
// users, groups, roles, access keys, inline and managed policies and their
// attachments, translated to the identity core (internal/identity). Each
// operation (or a family of trivially related ones) is one file that
// validates input as the AWS model constrains it, asks the Authorizer, calls
// one core method and encodes the result; error codes are mapped in
// errors.go. Policy documents are returned URL-encoded, as IAM does.
package awsiam
