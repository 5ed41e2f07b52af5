// Package keyring owns arca's cryptography: the root key, KMS key versions,
// and the envelope format that seals every stored secret value.
//
// The chain is root key -> KMS key material (one per key version) -> data key
// (fresh per value) -> value. Every seal is AES-256-GCM with associated data
// that names what is sealed (the record's identity), so a record moved to
// another name, version or key fails to open instead of returning the wrong
// plaintext. Randomness comes from crypto/rand only.
//
// keyring imports only the standard library and arca's root package; it
// knows nothing of storage, KMS records or dialects.
package keyring
