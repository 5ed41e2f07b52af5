// Package server assembles arca: it opens the store and the root key, builds
// the core services and the dialects, and serves them all on one listener
// with authentication, health, readiness and metrics.
//
// It is the only package that knows every part; the parts know nothing of
// it. Components are built here and passed down (no globals).
package server
