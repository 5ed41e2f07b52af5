// Package awskms is the AWS KMS dialect: the TrentService JSON 1.1
// operations on keys, aliases, rotation, deletion windows, tags, key
// policies and the symmetric cryptographic operations, translated to the
// core key service (internal/kms).
//
// Each operation is one file that validates input as the AWS model
// constrains it (lengths, ranges, enums — AWS's wording), calls one core
// method and encodes the result; core error codes are mapped to KMS's
// error names in one table (errors.go). Plaintext crosses this package only
// as arca.Value until the encoder reveals it, and never appears in an error
// or a log line.
//
// awskms imports awsjson, the core kms package and arca's root package;
// never another dialect, a storage engine or net/http beyond status codes.
package awskms
