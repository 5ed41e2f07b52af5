// Package scan finds secrets in files, the git index and git history: known
// credential patterns (the gitleaks default rule set, embedded as data),
// private keys and high-entropy assignments.
//
// It owns the rule engine (Detector), the sources that feed it (a directory
// tree, a git working tree with untracked-but-not-ignored files, the git
// index, every blob reachable from any ref) and the baseline of accepted
// findings. Git is driven through the git command line. A secret never leaves
// this package in clear: a Finding carries it as an arca.Value, prints only a
// redacted excerpt, and a baseline stores only keyed fingerprints.
//
// It must not import the core services, storage or the wire packages: it
// reads files, not the secret store.
package scan
