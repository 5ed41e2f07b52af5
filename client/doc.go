// Package client is arca's Go client for services that read secrets at run
// time instead of at start: a cache in front of Secrets Manager's
// GetSecretValue and SSM's GetParameter, for any arca server (or AWS).
//
// The cache is bounded (least recently used entries go first), entries
// live for a TTL (default 5 minutes), and a read in the last stretch
// before expiry refreshes the entry in the background, so a hot secret is
// never read on the request path. Secrets are cached per version stage and
// refreshed by version id: DescribeSecret's VersionIdsToStages tells which
// version a stage now points to, and GetSecretValue runs (by VersionId)
// only when that changed — a rotation is seen within one TTL, and an
// unchanged secret costs one DescribeSecret per TTL. When a refresh fails
// the cache keeps serving the value it has and retries with exponential
// backoff, as AWS's caching clients do; a first read that fails returns
// the error and is not retried before the backoff has passed.
//
// The package depends only on aws-sdk-go-v2 (it must not import arca's
// internal packages; only its examples start an in-process server); it
// never logs, and its errors never contain a secret value.
package client
