// Package sigv4 verifies AWS Signature Version 4 (AWS4-HMAC-SHA256) on
// incoming HTTP requests, in both forms AWS clients send: the Authorization
// header and the presigned query string (X-Amz-Algorithm, X-Amz-Credential,
// X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature, X-Amz-Expires).
//
// It owns the canonical request, the string to sign, the signing key
// derivation, the payload hash check and the clock-skew and expiry windows.
// It proves which access key signed a request, for which region and service,
// at what time; nothing more. Finding the secret of an access key is the
// caller's job (Verifier.Secret); validating a session token, deciding what
// the key may do and turning a failure into a dialect's error code belong to
// the packages that call Verify.
//
// The package imports only the standard library. It must not import arca's
// core packages (internal/secrets, kms, params, identity, storage, ...) nor an
// AWS SDK; the SDK's signer appears in tests only, as the oracle.
package sigv4
