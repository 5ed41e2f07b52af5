// Package awscloudtrail is the CloudTrail dialect: LookupEvents over the AWS
// JSON 1.1 protocol (X-Amz-Target prefix
// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101, signing name
// cloudtrail), a thin adapter over the audit log's lookup.
//
// It imports awsjson and the audit event shape; never the log's storage.
package awscloudtrail
