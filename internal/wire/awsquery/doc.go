// Package awsquery is the AWS Query protocol that IAM and STS speak:
// form-encoded POST bodies (Action=CreateUser&Version=2010-05-08&
// Tags.member.1.Key=...), dispatch by Action through an explicit table of
// operations, XML responses wrapped in <ActionResponse><ActionResult> with
// the request id in <ResponseMetadata>, and the <ErrorResponse> envelope for
// faults.
//
// A dialect declares a Service — its XML namespace and API version, an
// explicit table of operations and one function mapping core errors to its
// error codes — and writes one small handler per operation with Handler,
// which decodes the form into a typed struct (Decode) and encodes the typed
// result as XML.
//
// awsquery imports the arca root package and awsjson (for the validation
// wording the two protocols share); it never imports a core service.
package awsquery
