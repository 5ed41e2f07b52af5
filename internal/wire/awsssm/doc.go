// Package awsssm is the AWS Systems Manager Parameter Store dialect: the
// AmazonSSM JSON operations on parameters and their tags, translated to the
// core parameter store (internal/params). Each operation is one file that
// validates input as the AWS model constrains it, calls one core method and
// encodes the result; error codes are mapped in errors.go.
package awsssm
