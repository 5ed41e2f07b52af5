// Package alert raises alerts on unusual access: rules count the audit
// events that match a pattern (event name, principal ARN, resource prefix,
// error code prefix) in a sliding window, optionally per principal, and an
// alert goes to a structured log line and an HMAC-signed HTTP webhook.
//
// The engine is fed from the audit log's Observe hook and never blocks a
// request: events go through a bounded channel and are dropped (and
// counted) when it is full; webhook deliveries are retried with backoff on
// their own goroutine.
//
// It imports the audit event shape and the standard library; never the
// server or the store.
package alert
