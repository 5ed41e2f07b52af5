// Package awsjson is the AWS JSON protocol (awsJson1_0 and awsJson1_1) that
// SSM, Secrets Manager and KMS speak: operation dispatch by X-Amz-Target,
// request decoding, response and error encoding, epoch-second timestamps,
// and AWS-style input validation messages.
//
// A dialect declares a Service — its target prefix, an explicit table of
// operations and one function mapping core errors to its error codes — and
// writes one small handler per operation. awsjson imports the arca root
// package only; it never imports a core service.
package awsjson
