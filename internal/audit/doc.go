// Package audit is arca's audit log: CloudTrail-shaped events (Event),
// appended durably and hash-chained, with signed checkpoints, so that a
// removed, reordered, altered or inserted record is detected by Verify.
//
// Log is the fail-closed front: Record and Intent return only after the
// record is durable, share one flush among concurrent callers (group
// commit), and fail with arca.EUnavailable within Config.Timeout when the
// sink fails or stalls, never hanging a request. Sink is the contract with
// the engines that keep the records: NewMemorySink here, package file
// (segment files under a data directory) and package pgsink (PostgreSQL).
//
// The record framing, the chain and the checkpoints are described in
// docs/audit.md ("Log format and verification").
//
// This package must not import SQL drivers, net/http or arca's storage
// engines; it uses the storage contract and the keyring only for the
// signing key (LoadSigner).
package audit
